import { describe, expect, it } from "vitest";
import { appendParams, paramsForLink, parseUtmTemplate, type ScopedTemplate } from "./utm-template";

function scoped(tag: string | null, template: string): ScopedTemplate {
  const check = parseUtmTemplate(template);
  if (!check.ok) throw new Error(check.reason);
  return { tag, params: check.params };
}

describe("parseUtmTemplate", () => {
  it("reads key=value pairs with placeholders", () => {
    expect(parseUtmTemplate("?utm_source=notion&utm_campaign={tag}")).toEqual({
      ok: true,
      params: [
        { key: "utm_source", value: "notion" },
        { key: "utm_campaign", value: "{tag}" },
      ],
    });
  });

  it.each([
    ["", /1 to 1000 characters/],
    ["utm_source", /must look like key=value/],
    ["=notion", /must look like key=value/],
    ["utm_source=notion&utm_term={keyword}", /unknown placeholder \{keyword\}/],
  ])("refuses %j", (template, reason) => {
    expect(parseUtmTemplate(template)).toEqual({ ok: false, reason: expect.stringMatching(reason) });
  });
});

describe("paramsForLink", () => {
  const forAll = scoped(null, "utm_source=notion&utm_campaign={tag}&utm_content={slug}");
  const forEmail = scoped("email", "utm_medium=email&utm_source=newsletter");

  it("puts tag templates before the all-links one, the first key wins", () => {
    expect(paramsForLink({ slug: "abc", tags: ["spring", "email"] }, [forAll, forEmail])).toEqual([
      { key: "utm_medium", value: "email" },
      { key: "utm_source", value: "newsletter" },
      { key: "utm_campaign", value: "spring" },
      { key: "utm_content", value: "abc" },
    ]);
  });

  it("leaves out a parameter that needs a tag when the link has none", () => {
    expect(paramsForLink({ slug: "abc", tags: [] }, [forAll, forEmail])).toEqual([
      { key: "utm_source", value: "notion" },
      { key: "utm_content", value: "abc" },
    ]);
  });

  it("applies nothing without templates", () => {
    expect(paramsForLink({ slug: "abc", tags: ["email"] }, [])).toEqual([]);
  });
});

describe("appendParams", () => {
  it("adds only the keys the destination does not carry, keeping its query and fragment as they were", () => {
    const url = new URL("https://example.com/p?utm_source=twitter&q=a%20b#section");
    const result = appendParams(url, [
      { key: "utm_source", value: "notion" },
      { key: "utm_campaign", value: "spring sale" },
    ]);
    expect(result).toBe(
      "https://example.com/p?utm_source=twitter&q=a%20b&utm_campaign=spring%20sale#section",
    );
  });

  it("starts a query when there is none and leaves the URL alone when nothing is missing", () => {
    expect(appendParams(new URL("https://example.com"), [{ key: "a", value: "1" }])).toBe(
      "https://example.com/?a=1",
    );
    expect(appendParams(new URL("https://example.com/?a=2"), [{ key: "a", value: "1" }])).toBe(
      "https://example.com/?a=2",
    );
  });
});
