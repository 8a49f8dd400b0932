/** Does an error's `where.field` (`maxNames`, `max-names`, `args.time-limit`…) name this form field? */
export function namesField(where: string | undefined, field: string): boolean {
  const last = where?.split('.').at(-1);
  return !!last && last.replace(/[-_]/g, '').toLowerCase() === field.toLowerCase();
}
