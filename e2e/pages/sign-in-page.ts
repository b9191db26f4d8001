import type { Locator, Page } from "@playwright/test";

export class SignInPage {
  readonly error: Locator;

  constructor(private readonly page: Page) {
    this.error = page.getByRole("form", { name: "Sign in" }).getByRole("alert");
  }

  async open(next?: string) {
    await this.page.goto(next ? `/sign-in?next=${encodeURIComponent(next)}` : "/sign-in");
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
