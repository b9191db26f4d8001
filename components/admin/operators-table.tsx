"use client";

import { ActionForm } from "@/components/ui/action-form";
import { Badge } from "@/components/ui/badge";
import type { OperatorSummary } from "@/db/auth/operators";
import { ROLES } from "@/lib/auth/roles";
import type { Result } from "@/lib/result";

type Action = (input: unknown) => Promise<Result<unknown>>;

interface OperatorsTableProps {
  operators: OperatorSummary[];
  setRole: Action;
  setDisabled: Action;
}

export function OperatorsTable({ operators, setRole, setDisabled }: OperatorsTableProps) {
  return (
    <table className="w-full text-sm">
      <thead>
        <tr className="border-b border-slate-200 text-left text-xs text-slate-500">
          <th className="py-1.5 pr-3">Name</th>
          <th className="py-1.5 pr-3">Role</th>
          <th className="py-1.5 pr-3">State</th>
          <th className="py-1.5" />
        </tr>
      </thead>
      <tbody>
        {operators.map((operator) => (
          <tr key={operator.id} className="border-b border-slate-100 align-top">
            <td className="py-2 pr-3 font-mono">{operator.name}</td>
            <td className="py-2 pr-3">
              <ActionForm
                label={`Role of ${operator.name}`}
                action={setRole}
                values={{ name: operator.name }}
                submitLabel="Change"
                tone="plain"
              >
                {/* Keyed by role: a new role from the server remounts it, whatever the form reset did. */}
                <select
                  key={operator.role}
                  name="role"
                  defaultValue={operator.role}
                  aria-label={`Role of ${operator.name}`}
                  className="rounded border border-slate-300 px-1.5 py-1"
                >
                  {ROLES.map((role) => (
                    <option key={role} value={role}>
                      {role}
                    </option>
                  ))}
                </select>
              </ActionForm>
            </td>
            <td className="py-2 pr-3">
              {operator.disabled ? (
                <Badge tone="red">disabled</Badge>
              ) : (
                <Badge tone="green">active</Badge>
              )}
            </td>
            <td className="py-2">
              <ActionForm
                label={`${operator.disabled ? "Enable" : "Disable"} ${operator.name}`}
                action={setDisabled}
                values={{ name: operator.name, disabled: String(!operator.disabled) }}
                submitLabel={operator.disabled ? "Enable" : "Disable"}
                tone={operator.disabled ? "plain" : "danger"}
                confirm={
                  operator.disabled
                    ? undefined
                    : `Disable ${operator.name}? Their sessions end now.`
                }
              />
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
