import {
  ClipboardCheck,
  DatabaseZap,
  KeyRound,
  Layers,
  LayoutDashboard,
  ScrollText,
  Table2,
  Timer,
  TrainTrack,
  TriangleAlert,
  Users,
} from "lucide-react";
import { signOutAction } from "@/app/sign-in/actions";
import { SignOutButton } from "@/components/auth/sign-out-button";
import type { Actor } from "@/db/auth/request-context";
import { hasRole } from "@/lib/auth/roles";
import { SWITCHYARD_VERSION } from "@/lib/version";
import { NavLink } from "./nav-link";

interface SidebarProps {
  actor: Actor | null;
}

export function Sidebar({ actor }: SidebarProps) {
  const admin = actor !== null && hasRole(actor.role, "admin");
  return (
    <aside className="flex w-56 shrink-0 flex-col bg-slate-900 px-3 py-4 text-slate-200">
      <div className="mb-6 flex items-center gap-2 px-2.5 text-white">
        <TrainTrack className="size-5 text-amber-400" aria-hidden />
        <span className="text-base font-semibold tracking-tight">Switchyard</span>
      </div>
      <nav aria-label="Main" className="flex flex-col gap-0.5">
        <NavLink href="/" icon={<LayoutDashboard className="size-4" aria-hidden />}>
          Overview
        </NavLink>
        <NavLink href="/stuck" icon={<TriangleAlert className="size-4" aria-hidden />}>
          Stuck tasks
        </NavLink>
        <NavLink href="/tables" icon={<Table2 className="size-4" aria-hidden />}>
          Tables
        </NavLink>
        <NavLink href="/operations" icon={<Layers className="size-4" aria-hidden />}>
          Bulk operations
        </NavLink>
        <NavLink href="/migrations" icon={<DatabaseZap className="size-4" aria-hidden />}>
          Migrations
        </NavLink>
        <NavLink href="/reviews" icon={<ClipboardCheck className="size-4" aria-hidden />}>
          Migration reviews
        </NavLink>
        <NavLink href="/audit" icon={<ScrollText className="size-4" aria-hidden />}>
          Audit log
        </NavLink>
        {admin ? (
          <>
            <NavLink href="/admin/operators" icon={<Users className="size-4" aria-hidden />}>
              Operators
            </NavLink>
            <NavLink href="/admin/tokens" icon={<KeyRound className="size-4" aria-hidden />}>
              API tokens
            </NavLink>
            <NavLink href="/admin/thresholds" icon={<Timer className="size-4" aria-hidden />}>
              Stuck thresholds
            </NavLink>
          </>
        ) : null}
      </nav>
      <div className="mt-auto flex flex-col gap-2 px-2.5">
        {actor ? (
          <div className="text-xs">
            <p className="truncate text-slate-200" title={actor.name}>
              {actor.name}
            </p>
            <p className="text-slate-500">{actor.role}</p>
            {actor.kind === "operator" ? <SignOutButton signOut={signOutAction} /> : null}
          </div>
        ) : null}
        <p className="text-xs text-slate-500">v{SWITCHYARD_VERSION}</p>
      </div>
    </aside>
  );
}
