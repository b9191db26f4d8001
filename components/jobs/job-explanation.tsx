import clsx from "clsx";
import Link from "next/link";
import type { JobExplanation } from "@/db/systems/adapter";
import { jobHref } from "@/lib/urls";

interface JobExplanationProps {
  explanation: JobExplanation;
  target: string;
  system: string;
}

const FACT_TONES = {
  neutral: "text-slate-800",
  warning: "text-amber-800 font-medium",
  danger: "text-red-700 font-semibold",
};

/** What the job's own system records about why it is where it is: blockers, leases, dependencies. */
export function JobExplanationPanel({ explanation, target, system }: JobExplanationProps) {
  const { facts, related } = explanation;
  if (facts.length === 0 && related.length === 0) {
    return (
      <p className="text-sm text-slate-500">The system records nothing more about this job.</p>
    );
  }
  return (
    <div className="flex flex-col gap-3 text-sm">
      {facts.length > 0 ? (
        <dl className="grid grid-cols-1 gap-x-6 gap-y-1.5 sm:grid-cols-[max-content_1fr]">
          {facts.map((fact) => (
            <div key={`${fact.label}:${fact.value}`} className="contents">
              <dt className="text-slate-500">{fact.label}</dt>
              <dd className={clsx("break-words", FACT_TONES[fact.tone ?? "neutral"])}>
                {fact.value}
              </dd>
            </div>
          ))}
        </dl>
      ) : null}
      {related.length > 0 ? (
        <ul className="flex flex-col gap-1">
          {related.map((job) => (
            <li key={`${job.relation}:${job.recordedId}`}>
              <span className="text-slate-500">{job.relation}: </span>
              {job.jobId ? (
                <Link
                  href={jobHref(target, system, job.jobId, job.sourceId)}
                  className="font-mono text-xs text-sky-800 hover:underline"
                >
                  {job.jobId}
                </Link>
              ) : (
                <span className="font-mono text-xs text-red-700">
                  {job.recordedId} (no such job)
                </span>
              )}
              {job.state ? (
                <span className="ml-2 font-mono text-xs text-slate-500">{job.state}</span>
              ) : null}
            </li>
          ))}
        </ul>
      ) : null}
    </div>
  );
}
