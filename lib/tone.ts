/** The colours a badge or banner can take, by meaning. */
export type Tone = "neutral" | "green" | "red" | "amber" | "blue" | "violet";
