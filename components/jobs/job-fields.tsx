interface JobFieldsProps {
  fields: Record<string, unknown>;
}

const LONG = 200;

/** Every column of the row as stored, so nothing the model does not cover is hidden. */
export function JobFields({ fields }: JobFieldsProps) {
  return (
    <table className="w-full text-sm">
      <tbody>
        {Object.entries(fields).map(([name, value]) => {
          const text = display(value);
          return (
            <tr key={name} className="border-b border-slate-100 align-top">
              <th
                scope="row"
                className="w-56 py-1 pr-3 text-left font-mono text-xs font-normal text-slate-500"
              >
                {name}
              </th>
              <td className="py-1 font-mono text-xs break-all">
                {value === null ? (
                  <span className="text-slate-400">null</span>
                ) : text.length > LONG ? (
                  <details>
                    <summary className="cursor-pointer">{text.slice(0, LONG)}…</summary>
                    <pre className="mt-1 whitespace-pre-wrap">{text}</pre>
                  </details>
                ) : (
                  text
                )}
              </td>
            </tr>
          );
        })}
      </tbody>
    </table>
  );
}

function display(value: unknown): string {
  if (typeof value === "string") return value;
  if (value instanceof Uint8Array) return `<${value.byteLength} bytes>`;
  return JSON.stringify(value) ?? String(value);
}
