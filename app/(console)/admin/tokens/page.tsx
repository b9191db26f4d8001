import type { Metadata } from "next";
import { CreateTokenForm } from "@/components/admin/create-token-form";
import { ActionForm } from "@/components/ui/action-form";
import { Badge } from "@/components/ui/badge";
import { HomeUnavailableNotice } from "@/components/ui/home-unavailable-notice";
import { PageHeader } from "@/components/ui/page-header";
import { Panel } from "@/components/ui/panel";
import { RelativeTime } from "@/components/ui/relative-time";
import { listApiTokens } from "@/db/auth/api-tokens";
import { requirePageRole } from "@/db/auth/page-guard";
import { orHomeUnavailable, readHome } from "@/db/home-status";
import { HomeUnavailableError } from "@/lib/home-unavailable";
import { createToken, revokeToken } from "../actions";

export const metadata: Metadata = { title: "API tokens" };

export default async function TokensPage() {
  await requirePageRole("admin");
  const tokens = await orHomeUnavailable(readHome(listApiTokens));
  if (tokens instanceof HomeUnavailableError) {
    return <HomeUnavailableNotice title="API tokens" error={tokens} />;
  }
  const now = new Date();
  return (
    <>
      <PageHeader
        title="API tokens"
        description="A token acts with its role on every /api route (Authorization: Bearer <token>). Only a hash is stored; the secret is shown once, at creation."
      />
      <div className="flex flex-col gap-4">
        <Panel title="Create a token">
          <CreateTokenForm create={createToken} />
        </Panel>
        <Panel title="Tokens">
          {tokens.length === 0 ? (
            <p className="text-sm text-slate-500">No tokens yet.</p>
          ) : (
            <table className="w-full text-sm">
              <thead>
                <tr className="border-b border-slate-200 text-left text-xs text-slate-500">
                  <th className="py-1.5 pr-3">Name</th>
                  <th className="py-1.5 pr-3">Starts with</th>
                  <th className="py-1.5 pr-3">Role</th>
                  <th className="py-1.5 pr-3">Created</th>
                  <th className="py-1.5 pr-3">Last used</th>
                  <th className="py-1.5 pr-3">State</th>
                  <th className="py-1.5" />
                </tr>
              </thead>
              <tbody>
                {tokens.map((token) => {
                  const expired = token.expiresAt !== null && token.expiresAt <= now;
                  return (
                    <tr key={token.id} className="border-b border-slate-100">
                      <td className="py-2 pr-3">{token.name}</td>
                      <td className="py-2 pr-3 font-mono text-xs">{token.prefix}…</td>
                      <td className="py-2 pr-3">{token.role}</td>
                      <td className="py-2 pr-3">
                        <RelativeTime date={token.createdAt} /> by {token.createdBy}
                      </td>
                      <td className="py-2 pr-3">
                        <RelativeTime date={token.lastUsedAt} empty="never" />
                      </td>
                      <td className="py-2 pr-3">
                        {token.revokedAt ? (
                          <Badge tone="red">revoked</Badge>
                        ) : expired ? (
                          <Badge tone="amber">expired</Badge>
                        ) : (
                          <Badge tone="green">
                            active{token.expiresAt ? " until " : ""}
                            {token.expiresAt ? token.expiresAt.toISOString().slice(0, 10) : ""}
                          </Badge>
                        )}
                      </td>
                      <td className="py-2">
                        {token.revokedAt ? null : (
                          <ActionForm
                            label={`Revoke ${token.name}`}
                            action={revokeToken}
                            values={{ id: token.id }}
                            submitLabel="Revoke"
                            tone="danger"
                            confirm={`Revoke "${token.name}"? Scripts using it stop working at once.`}
                          />
                        )}
                      </td>
                    </tr>
                  );
                })}
              </tbody>
            </table>
          )}
        </Panel>
      </div>
    </>
  );
}
