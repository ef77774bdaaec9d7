package dev.sidecar.kubernetes;

import org.junit.jupiter.api.Test;

class ScratchTest {
    @Test
    void print() {
        for (String f : new String[] {"docs-log-shipper", "tls-proxy", "envoy-sidecar", "fluent-bit", "git-sync",
                "job-with-sidecar", "statefulset-sql-proxy", "every-probe"}) {
            System.out.println("=== " + f);
            try {
                KubernetesManifests m = KubernetesManifests.load("k8s/corpus/" + f + ".yaml")
                        .and(KubernetesManifests.parse("apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: orders-settings\n  namespace: logging-demo\ndata:\n  x: y\n"));
                ImportResult r = m.workload().lenient().importPod();
                System.out.println(r.spec());
                System.out.println(r.report());
                System.out.println(KubernetesExport.of(r.spec()).lenient().withSecretValues().toYaml());
                System.out.println(KubernetesExport.of(r.spec()).lenient().withSecretValues().report());
            } catch (RuntimeException e) {
                e.printStackTrace(System.out);
            }
        }
    }
}
