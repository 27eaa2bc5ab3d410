// Schema check of every manifest in deploy/k8s with the Kubernetes OpenAPI schemas that the
// kubernetes-models package ships (strict: unknown fields and wrong types fail). Exit 1 on any error.
import { readFileSync, readdirSync } from "node:fs";
import { join, dirname } from "node:path";
import { fileURLToPath } from "node:url";
import { parseAllDocuments } from "yaml";

const folder = process.argv[2] ?? join(dirname(fileURLToPath(import.meta.url)), "..", "k8s");
let failures = 0;
let checked = 0;
for (const file of readdirSync(folder).filter((f) => f.endsWith(".yaml")).sort()) {
  for (const doc of parseAllDocuments(readFileSync(join(folder, file), "utf8"))) {
    if (doc.errors.length > 0) {
      console.error(`${file}: YAML error: ${doc.errors[0].message}`);
      failures++;
      continue;
    }
    const manifest = doc.toJS();
    if (manifest === null) continue;
    const { apiVersion, kind } = manifest;
    const path = apiVersion.includes("/") ? apiVersion : `v1/${apiVersion}`.replace("v1/v1", "v1");
    let Model;
    try {
      Model = (await import(`kubernetes-models/${path}/${kind}`))[kind];
    } catch {
      console.error(`${file}: unknown kind ${apiVersion} ${kind}`);
      failures++;
      continue;
    }
    try {
      new Model(manifest).validate();
      checked++;
      console.log(`ok ${file}: ${kind} ${manifest.metadata?.name}`);
    } catch (error) {
      console.error(`${file}: ${kind} ${manifest.metadata?.name}: ${error.message}`);
      failures++;
    }
  }
}
console.log(`${checked} manifests valid, ${failures} failed`);
process.exit(failures > 0 || checked === 0 ? 1 : 0);
