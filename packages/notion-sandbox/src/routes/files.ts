import { ApiError } from "../errors/api-error";
import { publicRoute, type Route } from "../http/route";

/** Serves uploaded files at the signed, expiring URLs pages hand out, as Notion's S3 links do. */
export const hostedFileRoutes: Route[] = [
  publicRoute({
    method: "GET",
    pattern: "/__files/{file_upload_id}/{filename}",
    handler: ({ services, params, query }) => {
      const id = params.file_upload_id ?? "";
      const verdict = services.fileLinks.verify(id, query.get("expires"), query.get("signature"));
      if (verdict === "expired") {
        throw new ApiError(
          "restricted_resource",
          "This file link has expired; fetch the page again for a fresh URL.",
        );
      }
      const upload = services.store.fileUploads.get(id);
      if (verdict === "invalid" || !upload || upload.dataBase64 === null) {
        throw new ApiError(
          "restricted_resource",
          "This file link is not valid; fetch the page again for a fresh URL.",
        );
      }
      return {
        bytes: Buffer.from(upload.dataBase64, "base64"),
        contentType: upload.contentType ?? "application/octet-stream",
      };
    },
  }),
];
