// Where Alertmanager sends an alert: from the root, the first matching child (and every
// later matching one while `continue: true`), recursively; a route none of whose
// children match handles the alert itself. Pure, so the lint and the drill agree with
// each other, and a test holds both to `amtool config routes test`.

import { matchesAll, matcherText } from './matchers.js';
import type { RouteNode } from './am-config.js';

export interface RouteMatch {
  route: RouteNode;
  /** The matched routes from the root down: `route > {severity="high"}`. */
  trail: RouteNode[];
}

export function routeAlert(root: RouteNode, labels: Record<string, string>): RouteMatch[] {
  return walk(root, labels, [root]);
}

function walk(node: RouteNode, labels: Record<string, string>, trail: RouteNode[]): RouteMatch[] {
  const found: RouteMatch[] = [];
  for (const child of node.children) {
    if (!matchesAll(child.matchers, labels)) continue;
    found.push(...walk(child, labels, [...trail, child]));
    if (!child.continue) break;
  }
  return found.length > 0 ? found : [{ route: node, trail }];
}

/** `route > {severity="high"} > {service="tickstorm"}` */
export function trailText(trail: RouteNode[]): string {
  return trail
    .map((node, index) =>
      index === 0 ? 'route' : `{${node.matchers.map(matcherText).join(', ')}}`,
    )
    .join(' > ');
}

export function everyRoute(root: RouteNode): RouteNode[] {
  return [root, ...root.children.flatMap(everyRoute)];
}
