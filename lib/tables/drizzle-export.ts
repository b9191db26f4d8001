import type { TableDetail } from "@/db/catalog/table-detail";
import { type ColumnCode, pgColumnCode, sqliteColumnCode } from "./drizzle-columns";
import { sqlTemplate, tsIdentifier, tsString } from "./drizzle-names";

const key = (schema: string, name: string) => `${schema}.${name}`;

/**
 * The Drizzle TypeScript (`pgTable` / `sqliteTable`) that matches live tables: columns, types,
 * defaults, primary and foreign keys, unique constraints, indexes and checks. Foreign keys to a
 * table not in the export become a comment. Partitioning, triggers and expression indexes have
 * no Drizzle form and are noted as comments.
 */
export function exportDrizzle(
  tables: readonly TableDetail[],
  engine: "postgres" | "sqlite",
): string {
  const core = engine === "postgres" ? "drizzle-orm/pg-core" : "drizzle-orm/sqlite-core";
  const imports = new Set<string>([engine === "postgres" ? "pgTable" : "sqliteTable"]);
  let usesSql = false;
  let usesRaw = false;
  const taken = new Set<string>();
  const variables = new Map(
    tables.map((table) => [key(table.schema, table.name), tsIdentifier(table.name, taken)]),
  );
  const preamble: string[] = [];
  const schemas = new Map<string, string>();
  const schemaVariable = (schema: string) => {
    if (engine !== "postgres" || schema === "public") return null;
    let variable = schemas.get(schema);
    if (!variable) {
      variable = tsIdentifier(`${schema}_schema`, taken);
      schemas.set(schema, variable);
      imports.add("pgSchema");
      preamble.push(`export const ${variable} = pgSchema(${tsString(schema)});`);
    }
    return variable;
  };
  const enums = new Map<string, string>();
  const bodies: string[] = [];

  for (const table of tables) {
    const schemaVar = schemaVariable(table.schema);
    const lines: string[] = [];
    const extras: string[] = [];
    const primaryAlone = table.primaryKey.length === 1 ? table.primaryKey[0] : undefined;
    const uniqueConstraints = new Set(
      table.constraints.filter((c) => c.kind === "unique").map((c) => c.name),
    );
    for (const column of table.columns) {
      let enumVariable: string | undefined;
      if (engine === "postgres" && column.enumValues && column.enumName) {
        enumVariable = enums.get(column.enumName);
        if (!enumVariable) {
          enumVariable = tsIdentifier(`${column.enumName}_enum`, taken);
          enums.set(column.enumName, enumVariable);
          const values = column.enumValues.map(tsString).join(", ");
          const builder = schemaVar ? `${schemaVar}.enum` : "pgEnum";
          if (!schemaVar) imports.add("pgEnum");
          preamble.push(
            `export const ${enumVariable} = ${builder}(${tsString(column.enumName)}, [${values}]);`,
          );
        }
      }
      const code: ColumnCode =
        engine === "postgres"
          ? pgColumnCode(column, enumVariable)
          : sqliteColumnCode(column, primaryAlone === column.name);
      for (const name of code.imports) imports.add(name);
      usesSql ||= code.usesSql;
      usesRaw ||= code.usesRaw;
      let text = code.code;
      if (engine === "postgres" && primaryAlone === column.name) text += ".primaryKey()";
      if (column.comment) lines.push(`    /** ${column.comment.replace(/\*\//g, "* /")} */`);
      lines.push(`    ${tsIdentifier(column.name)}: ${text},`);
    }
    const col = (name: string) => `t.${tsIdentifier(name)}`;
    if (table.primaryKey.length > 1) {
      imports.add("primaryKey");
      const pkName = table.constraints.find((c) => c.kind === "primary key")?.name;
      extras.push(
        `    primaryKey({ ${pkName && engine === "postgres" ? `name: ${tsString(pkName)}, ` : ""}columns: [${table.primaryKey.map(col).join(", ")}] }),`,
      );
    }
    for (const index of table.indexes) {
      if (index.primary) continue;
      if (index.partialOrExpression) {
        extras.push(
          `    // ${index.definition.replace(/\n/g, " ")} (expression or partial: not exported)`,
        );
        continue;
      }
      if (engine === "sqlite" && index.name.startsWith("sqlite_autoindex_")) {
        imports.add("unique");
        extras.push(`    unique().on(${index.columns.map(col).join(", ")}),`);
        continue;
      }
      const columns = index.columns.map(col).join(", ");
      if (uniqueConstraints.has(index.name)) {
        imports.add("unique");
        extras.push(`    unique(${tsString(index.name)}).on(${columns}),`);
      } else {
        const builder = index.unique ? "uniqueIndex" : "index";
        imports.add(builder);
        extras.push(`    ${builder}(${tsString(index.name)}).on(${columns}),`);
      }
    }
    for (const foreign of table.references) {
      const target = variables.get(key(foreign.refSchema, foreign.refTable));
      if (!target) {
        extras.push(
          `    // foreign key ${foreign.name}: (${foreign.columns.join(", ")}) → ${foreign.refSchema}.${foreign.refTable} (${foreign.refColumns.join(", ")}); export that table too`,
        );
        continue;
      }
      imports.add("foreignKey");
      const self = target === variables.get(key(table.schema, table.name));
      const ref = (name: string) =>
        self ? `t.${tsIdentifier(name)}` : `${target}.${tsIdentifier(name)}`;
      let code = `    foreignKey({ ${engine === "postgres" ? `name: ${tsString(foreign.name)}, ` : ""}columns: [${foreign.columns.map(col).join(", ")}], foreignColumns: [${foreign.refColumns.map(ref).join(", ")}] })`;
      if (foreign.onDelete !== "no action") code += `.onDelete(${tsString(foreign.onDelete)})`;
      if (foreign.onUpdate !== "no action") code += `.onUpdate(${tsString(foreign.onUpdate)})`;
      extras.push(`${code},`);
    }
    for (const check of table.constraints.filter((c) => c.kind === "check")) {
      const body = /^CHECK\s*\(([\s\S]*)\)(\s*NOT VALID)?$/i.exec(check.definition.trim())?.[1];
      if (!body) continue;
      imports.add("check");
      usesSql = true;
      extras.push(`    check(${tsString(check.name)}, ${sqlTemplate(body.trim())}),`);
    }
    const variable = variables.get(key(table.schema, table.name)) ?? tsIdentifier(table.name);
    const builder = schemaVar
      ? `${schemaVar}.table`
      : engine === "postgres"
        ? "pgTable"
        : "sqliteTable";
    const notes: string[] = [];
    if (table.comment) notes.push(table.comment);
    if (table.kind === "partitioned table") {
      notes.push(
        `Partitioned (${table.partitions.length} partitions): Drizzle has no partitioning; create partitions by hand.`,
      );
    }
    for (const trigger of table.triggers)
      notes.push(`Trigger ${trigger.name} is not part of this definition.`);
    const doc =
      notes.length > 0
        ? `/**\n${notes.map((n) => ` * ${n.replace(/\*\//g, "* /")}`).join("\n")}\n */\n`
        : "";
    const extraConfig = extras.length > 0 ? `,\n  (t) => [\n${extras.join("\n")}\n  ]` : "";
    bodies.push(
      `${doc}export const ${variable} = ${builder}(\n  ${tsString(table.name)},\n  {\n${lines.join("\n")}\n  }${extraConfig},\n);`,
    );
  }
  if (usesRaw) imports.add("customType");
  const head = [
    ...(usesSql ? ['import { sql } from "drizzle-orm";'] : []),
    `import { ${[...imports].sort().join(", ")} } from "${core}";`,
  ];
  const raw = usesRaw
    ? [
        "/** A column type Drizzle has no builder for, kept as its database name. */",
        "const raw = (type: string) => customType<{ data: string }>({ dataType: () => type });",
      ]
    : [];
  return `${[...head, "", ...raw, ...preamble, ...(raw.length + preamble.length > 0 ? [""] : []), bodies.join("\n\n")].join("\n")}\n`;
}
