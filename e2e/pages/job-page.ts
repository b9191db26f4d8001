import type { Locator, Page } from "@playwright/test";

export class JobPage {
  readonly heading: Locator;
  readonly history: Locator;
  readonly why: Locator;

  constructor(page: Page) {
    this.heading = page.getByRole("heading", { level: 1 });
    this.history = page.getByRole("region", { name: "History" });
    this.why = page.getByRole("region", { name: /^Why it is / });
  }
}
