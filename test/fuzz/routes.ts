/** Every route an Express app serves, read from its router: new routes are fuzzed without being listed. */
import type { Express } from 'express';

export interface ServedRoute {
  method: string;
  path: string;
}

interface Layer {
  route?: { path: string | string[]; methods: Record<string, boolean> };
  handle?: { stack?: Layer[] };
}

function walk(stack: Layer[]): ServedRoute[] {
  return stack.flatMap((layer) => {
    if (layer.route) {
      const paths = Array.isArray(layer.route.path) ? layer.route.path : [layer.route.path];
      return Object.keys(layer.route.methods).flatMap((method) =>
        paths.filter((path) => typeof path === 'string').map((path) => ({ method: method.toUpperCase(), path })),
      );
    }
    return layer.handle?.stack ? walk(layer.handle.stack) : [];
  });
}

export function servedRoutes(app: Express): ServedRoute[] {
  const router = (app as unknown as { router: { stack: Layer[] } }).router;
  const seen = new Set<string>();
  return walk(router.stack).filter((route) => {
    const key = `${route.method} ${route.path}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}
