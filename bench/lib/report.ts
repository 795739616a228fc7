/** What a suite hands back to the runner: tables, targets and notes, printable and writable as Markdown. */

export interface Table {
  readonly title: string
  readonly columns: readonly string[]
  readonly rows: readonly (readonly string[])[]
}

export interface Target {
  readonly name: string
  readonly goal: string
  readonly measured: string
  readonly met: boolean
}

export interface SuiteReport {
  readonly title: string
  /** How it was measured, one bullet each. */
  readonly method: readonly string[]
  /** Samples per row, e.g. `30 iterations per pair and tool`. */
  readonly runs: string
  readonly tables: readonly Table[]
  readonly targets: readonly Target[]
  /** What a reader should know to interpret the numbers (variance, caveats). */
  readonly notes: readonly string[]
}

export function markdownTable(table: Table): string {
  const escape = (cell: string) => cell.replace(/\|/g, '\\|')
  const head = `| ${table.columns.map(escape).join(' | ')} |`
  const rule = `|${table.columns.map((_, i) => (i === 0 ? ' --- ' : ' ---: ')).join('|')}|`
  const body = table.rows.map((row) => `| ${row.map(escape).join(' | ')} |`)
  return [head, rule, ...body].join('\n')
}

export function targetsTable(targets: readonly Target[]): Table {
  return {
    title: 'Targets',
    columns: ['target', 'goal', 'measured', 'met'],
    rows: targets.map((t) => [t.name, t.goal, t.measured, t.met ? 'yes' : '**no**']),
  }
}

/** The suite's section body (without the heading the runner adds). */
export function reportMarkdown(report: SuiteReport): string {
  const parts: string[] = []
  if (report.targets.length > 0) parts.push(markdownTable(targetsTable(report.targets)))
  for (const table of report.tables) parts.push(`**${table.title}**\n\n${markdownTable(table)}`)
  parts.push(`Runs: ${report.runs}.`)
  parts.push(`How:\n\n${report.method.map((m) => `- ${m}`).join('\n')}`)
  if (report.notes.length > 0)
    parts.push(`Notes:\n\n${report.notes.map((n) => `- ${n}`).join('\n')}`)
  return parts.join('\n\n')
}
