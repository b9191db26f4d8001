import { expect, test as setup } from "@playwright/test";
import { DEMO_ACCOUNTS } from "../lib/demo-accounts";
import { SignInPage } from "./pages/sign-in-page";
import { signedInAs } from "./support/accounts";

for (const account of DEMO_ACCOUNTS) {
  setup(`sign in as ${account.name}`, async ({ page }) => {
    const signIn = new SignInPage(page);
    await signIn.open();
    await signIn.signIn(account.name, account.password);
    await expect(page.getByRole("heading", { level: 1, name: "Overview" })).toBeVisible();
    await page.context().storageState({ path: signedInAs(account.name as "admin") });
  });
}
