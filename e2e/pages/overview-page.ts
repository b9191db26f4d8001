import type { Locator, Page } from "@playwright/test";

export class OverviewPage {
  readonly heading: Locator;

  constructor(private readonly page: Page) {
    this.heading = page.getByRole("heading", { level: 1, name: "Overview" });
  }

  async open() {
    await this.page.goto("/");
  }

  target(name: string): Locator {
    return this.page.getByRole("region", { name, exact: true });
  }

  /** The queue table of one system on one target. */
  system(name: string, targetId: string): Locator {
    return this.page.getByRole("region", { name: `${name} on ${targetId}` });
  }

  /** The row of a queue within a system's table. */
  queueRow(system: Locator, queue: string): Locator {
    return system
      .getByRole("row")
      .filter({ has: this.page.getByRole("rowheader", { name: queue, exact: true }) });
  }
}
