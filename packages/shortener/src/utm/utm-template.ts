/**
 * UTM templates are query strings with placeholders, e.g. `utm_source=notion&utm_campaign={tag}`, appended to a
 * destination when its short link is resolved, so the stored destination stays clean. Pure functions only.
 */

export const MAX_TEMPLATE_LENGTH = 1000;
const PLACEHOLDER = /\{([^{}]*)\}/g;
const KNOWN_PLACEHOLDERS = new Set(["tag", "slug"]);

export interface TemplateParam {
  readonly key: string;
  /** May hold `{tag}` and `{slug}`. */
  readonly value: string;
}

export interface ScopedTemplate {
  /** null: applies to every link. */
  readonly tag: string | null;
  readonly params: readonly TemplateParam[];
}

export type TemplateCheck =
  | { readonly ok: true; readonly params: readonly TemplateParam[] }
  | { readonly ok: false; readonly reason: string };

export function parseUtmTemplate(template: string): TemplateCheck {
  const query = template.startsWith("?") ? template.slice(1) : template;
  if (query.length === 0 || query.length > MAX_TEMPLATE_LENGTH) {
    return refuse(`A UTM template must be 1 to ${MAX_TEMPLATE_LENGTH} characters long.`);
  }
  const params: TemplateParam[] = [];
  for (const pair of query.split("&")) {
    const [key, value] = [...new URLSearchParams(pair)][0] ?? ["", ""];
    if (key === "" || !pair.includes("=")) {
      return refuse(`UTM template part "${pair}" must look like key=value, e.g. utm_source=notion.`);
    }
    const unknown = [...value.matchAll(PLACEHOLDER)]
      .map((m) => m[1])
      .find((name) => !KNOWN_PLACEHOLDERS.has(name!));
    if (unknown !== undefined) {
      return refuse(
        `UTM template uses an unknown placeholder {${unknown}}; only {tag} and {slug} are supported.`,
      );
    }
    params.push({ key, value });
  }
  return { ok: true, params };
}

/**
 * The parameters to add for a link: its tags' templates first (in the link's tag order), then the template for all
 * links; a key already given by an earlier template is not repeated. In the all-links template `{tag}` is the
 * link's first tag, and a parameter that needs a tag is left out for a link without one.
 */
export function paramsForLink(
  link: { readonly slug: string; readonly tags: readonly string[] },
  templates: readonly ScopedTemplate[],
): TemplateParam[] {
  const applicable: { tag: string | undefined; params: readonly TemplateParam[] }[] = [];
  for (const tag of link.tags) {
    const template = templates.find((candidate) => candidate.tag === tag);
    if (template) applicable.push({ tag, params: template.params });
  }
  const forAll = templates.find((candidate) => candidate.tag === null);
  if (forAll) applicable.push({ tag: link.tags[0], params: forAll.params });

  const result: TemplateParam[] = [];
  const seen = new Set<string>();
  for (const { tag, params } of applicable) {
    for (const param of params) {
      if (seen.has(param.key)) continue;
      const value = expand(param.value, { tag, slug: link.slug });
      if (value === null) continue;
      seen.add(param.key);
      result.push({ key: param.key, value });
    }
  }
  return result;
}

/** Appends the parameters whose key the URL does not already carry, leaving its existing query untouched. */
export function appendParams(url: URL, params: readonly TemplateParam[]): string {
  const missing = params.filter((param) => !url.searchParams.has(param.key));
  if (missing.length === 0) return url.href;
  const added = missing.map((p) => `${encodeURIComponent(p.key)}=${encodeURIComponent(p.value)}`).join("&");
  const existing = url.search.slice(1);
  const withParams = new URL(url.href);
  withParams.search = existing === "" ? added : `${existing}&${added}`;
  return withParams.href;
}

function expand(value: string, vars: { tag: string | undefined; slug: string }): string | null {
  let missingTag = false;
  const expanded = value.replace(PLACEHOLDER, (_, name: string) => {
    if (name === "slug") return vars.slug;
    if (vars.tag === undefined) missingTag = true;
    return vars.tag ?? "";
  });
  return missingTag ? null : expanded;
}

function refuse(reason: string): TemplateCheck {
  return { ok: false, reason };
}
