import type { Metadata } from "next";
import { OperatorsTable } from "@/components/admin/operators-table";
import { ActionForm } from "@/components/ui/action-form";
import { HomeUnavailableNotice } from "@/components/ui/home-unavailable-notice";
import { PageHeader } from "@/components/ui/page-header";
import { Panel } from "@/components/ui/panel";
import { listOperators } from "@/db/auth/operators";
import { requirePageRole } from "@/db/auth/page-guard";
import { orHomeUnavailable, readHome } from "@/db/home-status";
import { ROLES } from "@/lib/auth/roles";
import { HomeUnavailableError } from "@/lib/home-unavailable";
import { addOperator, setOperatorDisabled, setOperatorRole } from "../actions";

export const metadata: Metadata = { title: "Operators" };

export default async function OperatorsPage() {
  await requirePageRole("admin");
  const operators = await orHomeUnavailable(readHome(listOperators));
  if (operators instanceof HomeUnavailableError) {
    return <HomeUnavailableNotice title="Operators" error={operators} />;
  }
  return (
    <>
      <PageHeader
        title="Operators"
        description="viewer reads everything except masked secrets · operator also acts on jobs · admin also approves migrations and manages operators and tokens. The last active admin cannot be demoted or disabled."
      />
      <div className="flex flex-col gap-4">
        <Panel title="Operators">
          <OperatorsTable
            operators={operators}
            setRole={setOperatorRole}
            setDisabled={setOperatorDisabled}
          />
        </Panel>
        <Panel title="Add an operator">
          <ActionForm label="Add an operator" action={addOperator} submitLabel="Add">
            <label className="flex flex-col text-xs text-slate-600">
              Name
              <input
                name="name"
                required
                className="rounded border border-slate-300 px-2 py-1 text-sm"
              />
            </label>
            <label className="flex flex-col text-xs text-slate-600">
              Role
              <select
                name="role"
                defaultValue="viewer"
                className="rounded border border-slate-300 px-2 py-1 text-sm"
              >
                {ROLES.map((role) => (
                  <option key={role} value={role}>
                    {role}
                  </option>
                ))}
              </select>
            </label>
            <label className="flex flex-col text-xs text-slate-600">
              Password (10+ characters)
              <input
                name="password"
                type="password"
                required
                minLength={10}
                autoComplete="new-password"
                className="rounded border border-slate-300 px-2 py-1 text-sm"
              />
            </label>
          </ActionForm>
        </Panel>
      </div>
    </>
  );
}
