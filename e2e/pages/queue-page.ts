import type { Locator, Page } from "@playwright/test";

export class QueuePage {
  readonly heading: Locator;
  readonly jobs: Locator;
  readonly olderJobs: Locator;

  constructor(private readonly page: Page) {
    this.heading = page.getByRole("heading", { level: 1 });
    this.jobs = page.getByRole("table").last().getByRole("row");
    this.olderJobs = page.getByRole("link", { name: "Older jobs →" });
  }

  stateTab(label: string): Locator {
    return this.page
      .getByRole("navigation", { name: "Job states" })
      .getByRole("link", { name: new RegExp(`^${label} `) });
  }

  /** Job id links of the current page, in order. */
  async jobIds(): Promise<string[]> {
    return this.page
      .getByRole("table")
      .last()
      .locator("tbody tr td:first-child a")
      .allTextContents();
  }
}
