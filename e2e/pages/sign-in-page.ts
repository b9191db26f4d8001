import type { Locator, Page } from "@playwright/test";

export class SignInPage {
  readonly error: Locator;

  /** `baseUrl`: another server than the e2e one (an extra server a spec started). */
  constructor(
    private readonly page: Page,
    private readonly baseUrl = "",
  ) {
    this.error = page.getByRole("form", { name: "Sign in" }).getByRole("alert");
  }

  async open(next?: string) {
    const path = next ? `/sign-in?next=${encodeURIComponent(next)}` : "/sign-in";
    await this.page.goto(`${this.baseUrl}${path}`);
  }

  /** Submits the form and waits for the server's answer (not only for the button click). */
  async signIn(name: string, password: string) {
    await this.page.getByLabel("Name").fill(name);
    await this.page.getByLabel("Password").fill(password);
    const answered = this.page.waitForResponse(
      (response) =>
        response.request().method() === "POST" && new URL(response.url()).pathname === "/sign-in",
    );
    await this.page.getByRole("button", { name: "Sign in" }).click();
    await answered;
  }
}
