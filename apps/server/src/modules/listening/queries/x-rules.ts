import type { QueryNode } from './query-parser.ts';

/** X's limit on one filtered-stream rule (Pro access allows 1,024; 512 is safe for every tier). */
export const X_RULE_MAX_LENGTH = 512;

/**
 * A listening query in X's filtered-stream rule syntax, so the stream brings what the queries look
 * for (competitors included). X reads words side by side as AND, `OR`, `-` for NOT, quotes,
 * parentheses, `#`, `@` and `lang:` as we do; `channel:` has no meaning there and is dropped
 * (keeping it would wrongly narrow or widen the rule). Null when the rule cannot be written
 * (too long, or only exclusions left).
 */
export function toXRule(node: QueryNode): string | null {
  const render = (n: QueryNode, top: boolean): string | null => {
    switch (n.type) {
      case 'word':
        return n.prefix ? null : n.value;
      case 'phrase':
        return `"${n.words.join(' ')}"`;
      case 'hashtag':
        return `#${n.value}`;
      case 'handle':
        return `@${n.value}`;
      case 'field':
        return n.field === 'lang' ? `lang:${n.value}` : null;
      case 'not': {
        const inner = render(n.child, false);
        return inner ? `-${inner}` : null;
      }
      case 'and': {
        const parts = n.children.map((c) => render(c, false)).filter((p): p is string => p !== null);
        if (parts.length === 0 || parts.every((p) => p.startsWith('-'))) return null;
        const text = parts.join(' ');
        return top || parts.length === 1 ? text : `(${text})`;
      }
      case 'or': {
        const parts = n.children.map((c) => render(c, false));
        // Dropping one side of an OR would narrow the rule: the whole OR is then unwritable.
        if (parts.some((p) => p === null)) return null;
        return top ? parts.join(' OR ') : `(${parts.join(' OR ')})`;
      }
    }
  };
  const rule = render(node, true);
  return rule && rule.length <= X_RULE_MAX_LENGTH ? rule : null;
}
