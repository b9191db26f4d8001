import { z } from "zod";

const qualifiedTable = z
  .string()
  .regex(/^(?:[A-Za-z_][A-Za-z0-9_$]{0,62}\.)?[A-Za-z_][A-Za-z0-9_$]{0,62}$/, {
    error: "expected a table name, optionally schema-qualified (schema.table)",
  });

/** A table another team owns: browsing shows a badge naming the owner and why it is protected. */
export const protectedTableSchema = z.strictObject({
  table: qualifiedTable,
  owner: z.string().min(1, { error: "expected who owns the table" }),
  explanation: z.string().min(1).optional(),
});

const pattern = z.string().refine(
  (value) => {
    try {
      new RegExp(value, "i");
      return value.length > 0 && value.length <= 200;
    } catch {
      return false;
    }
  },
  { error: "expected a regular expression (matched case-insensitively against column names)" },
);

export type ProtectedTable = z.infer<typeof protectedTableSchema>;

export const protectedTablesSchema = z.array(protectedTableSchema).default([]);
/** Extra column-name patterns whose values are masked, added to the built-in ones. */
export const secretColumnsSchema = z.array(pattern).default([]);
