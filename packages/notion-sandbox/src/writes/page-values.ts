import { parsePropertyValues } from "../properties/values";
import type { SandboxServices } from "../server/services";
import type { PageParent, PropertyConfig, StoredValues } from "../store/types";

/** Validates values against the parent's schema; select options Notion would create are added to it. */
export function writeValues(
  services: SandboxServices,
  parent: PageParent,
  schema: readonly PropertyConfig[],
  properties: unknown,
  authorId: string,
): StoredValues {
  const parsed = parsePropertyValues(properties, services.valueContext(schema));
  if (parsed.schema && parent.type === "data_source") {
    const dataSource = services.store.dataSources.get(parent.dataSourceId);
    if (dataSource) services.store.updateDataSource(dataSource, { properties: parsed.schema }, authorId);
  }
  return parsed.values;
}

export function markUploadsAttached(services: SandboxServices, values: StoredValues): void {
  const { store } = services;
  for (const value of Object.values(values)) {
    if (value.type !== "files") continue;
    for (const file of value.files) {
      const upload = file.kind === "upload" ? store.fileUploads.get(file.uploadId) : undefined;
      if (upload && !upload.attached) store.touchFileUpload(upload, { attached: true });
    }
  }
}
