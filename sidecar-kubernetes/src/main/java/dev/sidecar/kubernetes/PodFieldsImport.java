package dev.sidecar.kubernetes;

import dev.sidecar.PodSpec;
import dev.sidecar.RestartPolicy;
import dev.sidecar.kubernetes.ManifestReport.Verdict;
import io.fabric8.kubernetes.api.model.HostAlias;
import io.fabric8.kubernetes.api.model.PodDNSConfig;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The pod-level fields of a pod spec as the spec's own: hostname, shared namespaces, grace period, active deadline,
 * restart policy (Kubernetes' default {@code Always} when not written), service account, security context, DNS and
 * host aliases; and the library's extensions for them.
 */
final class PodFieldsImport {

    private PodFieldsImport() {
    }

    static void map(ImportContext ctx, io.fabric8.kubernetes.api.model.PodSpec spec, PodSpec.Builder pod,
            Extensions ext) {
        if (spec.getHostname() != null) {
            pod.hostname(spec.getHostname());
            ctx.consume(ctx.pod("spec.hostname"));
        }
        if (spec.getShareProcessNamespace() != null) {
            pod.shareProcessNamespace(spec.getShareProcessNamespace());
            ctx.consume(ctx.pod("spec.shareProcessNamespace"));
        }
        if (spec.getTerminationGracePeriodSeconds() != null) {
            pod.terminationGracePeriod(Duration.ofSeconds(spec.getTerminationGracePeriodSeconds()));
            ctx.consume(ctx.pod("spec.terminationGracePeriodSeconds"));
        }
        if (spec.getActiveDeadlineSeconds() != null) {
            pod.activeDeadline(Duration.ofSeconds(spec.getActiveDeadlineSeconds()));
            ctx.consume(ctx.pod("spec.activeDeadlineSeconds"));
        }
        pod.restartPolicy(restartPolicy(ctx, spec));
        String account = spec.getServiceAccountName() != null ? spec.getServiceAccountName()
                : spec.getServiceAccount();
        if (account != null) {
            pod.serviceAccountName(account);
            ctx.consume(ctx.pod("spec.serviceAccountName"));
            ctx.consume(ctx.pod("spec.serviceAccount"));
        }
        SecurityImport.pod(ctx, spec.getSecurityContext(), ctx.pod("spec.securityContext"), pod);
        hostAliases(ctx, spec.getHostAliases(), pod);
        dns(ctx, spec, pod);
        if (ext.terminationGracePeriod() != null) {
            pod.terminationGracePeriod(ext.terminationGracePeriod());
        }
        if (ext.activeDeadline() != null) {
            pod.activeDeadline(ext.activeDeadline());
        }
        if (ext.sidecarStartOrder() != null) {
            pod.sidecarStartOrder(ext.sidecarStartOrder());
        }
        if (ext.shareIpcNamespace() != null) {
            pod.shareIpcNamespace(ext.shareIpcNamespace());
        }
        for (String field : List.of("hostNetwork", "hostPID", "hostIPC")) {
            Boolean value = switch (field) {
                case "hostNetwork" -> spec.getHostNetwork();
                case "hostPID" -> spec.getHostPID();
                default -> spec.getHostIPC();
            };
            if (Boolean.FALSE.equals(value)) {
                ctx.consume(ctx.pod("spec." + field));
            }
        }
        if (Boolean.TRUE.equals(spec.getHostUsers())) {
            ctx.consume(ctx.pod("spec.hostUsers"));
        }
        if (spec.getOs() != null && spec.getOs().getName() != null) {
            if (spec.getOs().getName().equals("linux")) {
                ctx.consume(ctx.pod("spec.os.name"));
            } else {
                ctx.report(ctx.pod("spec.os.name"), Verdict.UNSUPPORTED, "a " + spec.getOs().getName() + " pod does "
                        + "not run on a Linux engine");
            }
        }
    }

    /** The pod's restart policy as written, else Kubernetes' default {@code Always} (the spec's own is NEVER). */
    private static RestartPolicy restartPolicy(ImportContext ctx, io.fabric8.kubernetes.api.model.PodSpec spec) {
        String written = spec.getRestartPolicy();
        if (written == null || written.equals("Always")) {
            ctx.consume(ctx.pod("spec.restartPolicy"));
            return RestartPolicy.ALWAYS;
        }
        if (written.equals("OnFailure") || written.equals("Never")) {
            ctx.consume(ctx.pod("spec.restartPolicy"));
            return written.equals("Never") ? RestartPolicy.NEVER : RestartPolicy.ON_FAILURE;
        }
        ctx.problem(ctx.pod("spec.restartPolicy"), written, "not a restart policy (Always, OnFailure, Never)");
        return RestartPolicy.ALWAYS;
    }

    private static void hostAliases(ImportContext ctx, List<HostAlias> aliases, PodSpec.Builder pod) {
        if (aliases == null) {
            return;
        }
        for (int i = 0; i < aliases.size(); i++) {
            HostAlias alias = aliases.get(i);
            String at = ctx.pod(FieldPath.index("spec.hostAliases", i));
            if (alias.getIp() == null) {
                ctx.problem(FieldPath.child(at, "ip"), "", "a host alias needs an ip");
                continue;
            }
            pod.hostAlias(alias.getIp(), (alias.getHostnames() == null ? List.<String>of() : alias.getHostnames())
                    .toArray(String[]::new));
            ctx.consume(at);
        }
    }

    private static void dns(ImportContext ctx, io.fabric8.kubernetes.api.model.PodSpec spec, PodSpec.Builder pod) {
        String policy = spec.getDnsPolicy();
        if (policy != null) {
            PodSpec.DnsPolicy mapped = switch (policy) {
                // ClusterFirstWithHostNet is ClusterFirst for a pod that does not use the host's network.
                case "ClusterFirst", "ClusterFirstWithHostNet" -> PodSpec.DnsPolicy.CLUSTER_FIRST;
                case "Default" -> PodSpec.DnsPolicy.DEFAULT;
                case "None" -> PodSpec.DnsPolicy.NONE;
                default -> null;
            };
            if (mapped == null) {
                ctx.problem(ctx.pod("spec.dnsPolicy"), policy, "not a DNS policy (ClusterFirst, "
                        + "ClusterFirstWithHostNet, Default, None)");
            } else {
                pod.dnsPolicy(mapped);
                ctx.consume(ctx.pod("spec.dnsPolicy"));
            }
        }
        PodDNSConfig config = spec.getDnsConfig();
        if (config != null) {
            Map<String, String> options = new LinkedHashMap<>();
            if (config.getOptions() != null) {
                config.getOptions().forEach(o -> options.put(o.getName() == null ? "" : o.getName(),
                        o.getValue() == null ? "" : o.getValue()));
            }
            pod.dnsConfig(new PodSpec.DnsConfig(config.getNameservers() == null ? List.of() : config.getNameservers(),
                    config.getSearches() == null ? List.of() : config.getSearches(), options));
            ctx.consume(ctx.pod("spec.dnsConfig"));
        }
    }
}
