/** Notion's property types in the words Notion's own menus use, for people who never saw its API. Pure. */
const WORDS: Readonly<Record<string, string>> = {
  title: "Title",
  rich_text: "Text",
  url: "URL",
  number: "Number",
  select: "Select",
  multi_select: "Multi-select",
  status: "Status",
  date: "Date",
  checkbox: "Checkbox",
  files: "Files & media",
  email: "Email",
  phone_number: "Phone",
  people: "Person",
  relation: "Relation",
  rollup: "Rollup",
  formula: "Formula",
  created_time: "Created time",
  created_by: "Created by",
  last_edited_time: "Last edited time",
  last_edited_by: "Last edited by",
  unique_id: "ID",
  button: "Button",
  verification: "Verification",
  place: "Place",
};

export function plainTypeName(type: string): string {
  return WORDS[type] ?? type.replace(/_/g, " ").replace(/^./, (first) => first.toUpperCase());
}
