// Module hook: `electron` resolves to the stand-in, for the built main run under plain Node.
export async function resolve(specifier: string, context: unknown, next: (specifier: string, context: unknown) => Promise<unknown>): Promise<unknown> {
  if (specifier === 'electron') return { url: new URL('./electron-stand-in.ts', import.meta.url).href, shortCircuit: true };
  return next(specifier, context);
}
