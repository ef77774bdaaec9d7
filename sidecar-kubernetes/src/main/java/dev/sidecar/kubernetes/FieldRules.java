package dev.sidecar.kubernetes;

import dev.sidecar.kubernetes.ManifestReport.Verdict;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * What the import does with each Kubernetes field and what the export writes: the support matrix. The import consumes
 * what it maps; every field it did not consume is classified here (ignored because only a cluster needs it, or
 * unsupported because it changes what the containers do), so nothing is dropped without a report entry. The README's
 * table is {@link #markdown()}, and a test sets each row's sample in a manifest and checks the import and the export
 * do what the row says.
 *
 * <p>Fields are written as in a Pod ({@code spec.containers[].image}); in a Deployment, StatefulSet, DaemonSet,
 * ReplicaSet or Job the pod's fields are under {@code spec.template.}, in a CronJob under
 * {@code spec.jobTemplate.spec.template.}. Rows of {@code spec.containers[]} hold for {@code spec.initContainers[]}
 * too, and rows of {@code readinessProbe} for {@code startupProbe} and {@code livenessProbe}.
 */
final class FieldRules {

    /** What the import does with a field. */
    enum Support {
        /** Mapped one to one (some values may still be refused, as the row says). */
        MAPPED,
        /** Mapped, with a difference the report names. */
        DIFFERENT,
        /** Left out and reported: only a cluster needs it. */
        IGNORED,
        /** Refused in strict mode, left out and reported in lenient mode: it changes what the containers do. */
        UNSUPPORTED;

        Verdict verdict() {
            return switch (this) {
                case MAPPED, UNSUPPORTED -> Verdict.UNSUPPORTED;
                case DIFFERENT -> Verdict.DIFFERENT;
                case IGNORED -> Verdict.IGNORED;
            };
        }
    }

    /** Where a row's fields are: in the pod template, or at the top of a workload of some kind. */
    static final String POD = "Pod template";
    /** Rows for the top of every workload but a Pod. */
    static final String WORKLOAD = "Workload";

    /**
     * One row of the matrix.
     *
     * @param scope {@link #POD}, {@link #WORKLOAD}, a kind (Deployment…), or several kinds separated by ", "
     * @param fields the fields the row is about, in a scope's own paths
     * @param support what the import does
     * @param onDocker what the Docker pod does with it, or why not
     * @param exported whether the export writes the (first) field, for the sample's spec
     * @param export what the export writes, or why not
     * @param samples a YAML value of each field that the matrix test sets in a manifest, in the order of the fields
     *     (fewer than the fields: the rest are not set); empty for a structural row that every manifest has
     */
    record Row(String scope, List<String> fields, Support support, String onDocker, boolean exported, String export,
            List<String> samples) {

        Row {
            samples = List.copyOf(samples);
        }

        /** The sample of the first field, or null. */
        String sample() {
            return samples.isEmpty() ? null : samples.get(0);
        }

        /** Whether the row holds for paths of {@code kindOrPod}: {@link #POD}'s, or the top of a kind's document. */
        boolean inScope(String kindOrPod) {
            List<String> parts = List.of(scope.split(", "));
            return parts.contains(kindOrPod) || parts.contains(WORKLOAD) && !POD.equals(kindOrPod)
                    && !"Pod".equals(kindOrPod);
        }
    }

    static final List<Row> ROWS = rows();

    private FieldRules() {
    }

    /**
     * The row for {@code normalizedPath} (indices written {@code []}) in {@code scope}: the one whose field is the
     * longest prefix of the path as written, or of the path with {@code initContainers[]} read as
     * {@code containers[]} and {@code startupProbe} as {@code readinessProbe}.
     */
    static Optional<Row> row(String scope, String normalizedPath) {
        Row best = null;
        int bestLength = -1;
        for (String candidate : List.of(normalizedPath, alias(normalizedPath))) {
            for (Row row : ROWS) {
                if (!row.inScope(scope)) {
                    continue;
                }
                for (String field : row.fields()) {
                    if (FieldPath.within(candidate, field) && field.length() > bestLength) {
                        best = row;
                        bestLength = field.length();
                    }
                }
            }
        }
        return Optional.ofNullable(best);
    }

    /** The field of {@code row} that {@code normalizedPath} lies within. */
    static String matchedField(Row row, String normalizedPath) {
        String alias = alias(normalizedPath);
        return row.fields().stream().filter(f -> FieldPath.within(normalizedPath, f) || FieldPath.within(alias, f))
                .max((a, b) -> Integer.compare(a.length(), b.length())).orElseThrow();
    }

    private static String alias(String path) {
        return path.replace("spec.initContainers[]", "spec.containers[]").replace(".startupProbe", ".readinessProbe")
                .replace(".livenessProbe", ".readinessProbe");
    }

    /** The matrix as the README shows it: one row per rule, the pod template's first. */
    static String markdown() {
        StringBuilder md = new StringBuilder("| Kubernetes field | Import | On Docker | Export |\n"
                + "| --- | --- | --- | --- |\n");
        for (Row row : ROWS) {
            String fields = row.fields().stream().map(f -> "`" + f + "`").collect(Collectors.joining(", "));
            String where = row.scope().equals(POD) ? "" : row.scope().equals(WORKLOAD) ? "workload: "
                    : row.scope() + ": ";
            md.append("| ").append(where).append(fields).append(" | ").append(row.support().name().toLowerCase(
                    java.util.Locale.ROOT)).append(" | ").append(row.onDocker()).append(" | ")
                    .append(row.exported() ? "written" + (row.export().isEmpty() ? "" : ": " + row.export())
                            : "—" + (row.export().isEmpty() ? "" : " " + row.export()))
                    .append(" |\n");
        }
        return md.toString();
    }

    private static List<Row> rows() {
        List<Row> r = new ArrayList<>();
        podMetadata(r);
        podSpec(r);
        containers(r);
        volumes(r);
        workloads(r);
        return List.copyOf(r);
    }

    private static void podMetadata(List<Row> r) {
        pod(r, "metadata.name", Support.MAPPED, "the pod's name; a Deployment's, ReplicaSet's, DaemonSet's, Job's or "
                + "CronJob's pod takes the workload's name (with `-<n>` for `replica(n)`), a StatefulSet's "
                + "`<name>-<ordinal>`; a template's own name and namespace are not used (reported)", true, "", "other");
        pod(r, "metadata.namespace", Support.MAPPED, "the pod's namespace (a workload's pod is in the workload's), for "
                + "the downward API; it finds the ConfigMaps and Secrets of that namespace", true, "when not "
                + "`default`, on the ConfigMaps and Secrets too", "prod");
        pod(r, "metadata.labels", Support.MAPPED, "the pod's labels, for the downward API (labels a controller adds, "
                + "such as `pod-template-hash`, are not added)", true, "(`withLibraryLabels()` adds "
                + "`app.kubernetes.io/managed-by: sidecar`)", "{app: web}");
        pod(r, "metadata.annotations", Support.MAPPED, "the pod's annotations, for the downward API", true, "",
                "{team: a}");
        pod(r, "metadata.annotations['" + Extensions.ANNOTATION + "']", Support.MAPPED, "the library's settings that "
                + "Kubernetes has no field for, as an export writes them; not carried as an annotation", true, "when "
                + "the spec uses an extension (a lenient export), or to give the spec back exactly",
                "'{\"sidecarStartOrder\":\"PARALLEL\"}'");
        pod(r, "metadata.uid, metadata.resourceVersion, metadata.generation, metadata.creationTimestamp, "
                + "metadata.deletionTimestamp, metadata.deletionGracePeriodSeconds, metadata.generateName, "
                + "metadata.ownerReferences, metadata.finalizers, metadata.managedFields, metadata.selfLink",
                Support.IGNORED, "the API server's bookkeeping (the downward API's `metadata.uid` is new for each "
                + "pod here)", false, "", "1234");
    }

    private static void podSpec(List<Row> r) {
        pod(r, "spec.containers", Support.MAPPED, "the main containers in order, started together after the init "
                + "sequence; the first is `PodSpec.main()`", true, "");
        pod(r, "spec.initContainers", Support.MAPPED, "the init sequence in order: an init container runs to "
                + "completion before the next entry starts (one that fails fails the start, where the kubelet would "
                + "retry it unless `restartPolicy` is `Never`); one with `restartPolicy: Always` is a native sidecar, "
                + "which has started (its `startupProbe` passed) before the next entry starts", true, "");
        pod(r, "spec.volumes", Support.MAPPED, "the pod's volumes (see `spec.volumes[]`)", true, "");
        pod(r, "spec.restartPolicy", Support.MAPPED, "the main containers' restart policy; not written, Kubernetes' "
                + "default `Always` (the spec's own default is `NEVER`)", true, "always, since the two defaults "
                + "differ", "OnFailure");
        pod(r, "spec.hostname", Support.MAPPED, "the hostname", true, "when it is not the pod's name", "box");
        pod(r, "spec.shareProcessNamespace", Support.MAPPED, "one PID namespace for the pod", true, "", "true");
        pod(r, "spec.terminationGracePeriodSeconds", Support.MAPPED, "the pod's grace period on close", true, "",
                "5");
        pod(r, "spec.activeDeadlineSeconds", Support.MAPPED, "once the pod has run that long it is stopped and "
                + "`FAILED` (`DeadlineExceeded`)", true, "", "600");
        pod(r, "spec.serviceAccountName, spec.serviceAccount", Support.MAPPED, "the downward API's "
                + "`spec.serviceAccountName` (`default` when not written); no token is mounted: there is no API "
                + "server", true, "`serviceAccountName`", "web", "web");
        pod(r, "spec.automountServiceAccountToken", Support.IGNORED, "there is no API server: no token is mounted",
                false, "", "false");
        pod(r, "spec.securityContext.runAsUser, spec.securityContext.runAsGroup, spec.securityContext.runAsNonRoot, "
                + "spec.securityContext.fsGroup, spec.securityContext.supplementalGroups, "
                + "spec.securityContext.sysctls", Support.MAPPED, "every container's, unless its own says otherwise "
                + "(see [Kubernetes fields on Docker](#kubernetes-fields-on-docker))", true, "", "1000", "1000",
                "true", "2000", "[3000]", "[{name: net.ipv4.ip_unprivileged_port_start, value: '0'}]");
        pod(r, "spec.securityContext.supplementalGroupsPolicy", Support.MAPPED, "`Merge` (the image's groups too) is "
                + "what Docker does; `Strict` is refused", false, "", "Merge");
        pod(r, "spec.securityContext.seccompProfile, spec.securityContext.appArmorProfile, "
                + "spec.containers[].securityContext.seccompProfile, "
                + "spec.containers[].securityContext.appArmorProfile", Support.DIFFERENT, "`type: RuntimeDefault` "
                + "is Docker's default profile, which every container runs under here (unless privileged): "
                + "reported, and not kept, so an export does not write it; other types are refused", false, "",
                "{type: RuntimeDefault}", "{type: RuntimeDefault}", "{type: RuntimeDefault}",
                "{type: RuntimeDefault}");
        pod(r, "spec.securityContext.fsGroupChangePolicy", Support.IGNORED, "how the kubelet changes the owner of a "
                + "volume that exists; every volume the pod makes is owned by `fsGroup` from the start", false, "",
                "OnRootMismatch");
        pod(r, "spec.securityContext.seLinuxOptions, spec.securityContext.seLinuxChangePolicy, "
                + "spec.containers[].securityContext.seLinuxOptions", Support.UNSUPPORTED, "no SELinux label is set",
                false, "", "{level: 's0:c1,c2'}", "MountOption", "{level: 's0:c1,c2'}");
        pod(r, "spec.securityContext.windowsOptions, spec.containers[].securityContext.windowsOptions",
                Support.IGNORED, "a Windows node's: a Linux node ignores it", false, "", "{runAsUserName: web}",
                "{runAsUserName: web}");
        pod(r, "spec.hostAliases", Support.MAPPED, "entries of every container's `/etc/hosts`", true, "",
                "[{ip: 10.0.0.1, hostnames: [db.local]}]");
        pod(r, "spec.dnsPolicy", Support.MAPPED, "`ClusterFirst` (the default), `Default`, `None`; "
                + "`ClusterFirstWithHostNet` is `ClusterFirst` for a pod without the host's network, as in Kubernetes",
                true, "when not `ClusterFirst`", "Default");
        pod(r, "spec.dnsConfig", Support.MAPPED, "nameservers, search domains and options", true, "",
                "{nameservers: [1.1.1.1]}");
        pod(r, "spec.os.name", Support.MAPPED, "`linux` is what the engine runs; `windows` is refused", false,
                "(written as `linux` with a stop signal, which Kubernetes requires)", "linux");
        pod(r, "spec.hostNetwork, spec.hostPID, spec.hostIPC", Support.UNSUPPORTED, "`true` is refused: a pod here "
                + "never shares the host's namespaces (`false` is what it does)", false, "", "true", "true", "true");
        pod(r, "spec.hostUsers", Support.UNSUPPORTED, "`false` is refused: no user namespace is set up (`true` is "
                + "what it does)", false, "", "false");
        pod(r, "spec.affinity, spec.nodeSelector, spec.nodeName, spec.tolerations, spec.topologySpreadConstraints, "
                + "spec.priority, spec.priorityClassName, spec.preemptionPolicy, spec.schedulerName, "
                + "spec.schedulingGates, spec.schedulingGroup, spec.overhead, spec.runtimeClassName, "
                + "spec.readinessGates", Support.IGNORED, "the scheduler's: the pod runs on the one engine", false,
                "", "{nodeAffinity: {}}");
        pod(r, "spec.imagePullSecrets", Support.IGNORED, "images come from the engine (its own registry login)",
                false, "", "[{name: regcred}]");
        pod(r, "spec.enableServiceLinks, spec.subdomain, spec.setHostnameAsFQDN", Support.IGNORED, "there are no "
                + "Services or cluster DNS", false, "", "false", "web", "true");
        pod(r, "spec.hostnameOverride, spec.ephemeralContainers, spec.resourceClaims, spec.resources, "
                + "spec.evictionResponders", Support.UNSUPPORTED, "not applied: the spec has no such field", false,
                "", "box.example");
    }

    private static void containers(List<Row> r) {
        pod(r, "spec.containers[].name", Support.MAPPED, "the container's name", true, "", "web");
        pod(r, "spec.containers[].image", Support.MAPPED, "the image, after the `image` and `imagePrefix` overrides",
                true, "", "busybox:1.36");
        pod(r, "spec.containers[].imagePullPolicy", Support.MAPPED, "`Always`, `IfNotPresent`, `Never`; not written, "
                + "Kubernetes' default for the image that runs (`Always` for `:latest` or no tag, else "
                + "`IfNotPresent`)", true, "when it is not Kubernetes' default for the image", "Never");
        pod(r, "spec.containers[].command, spec.containers[].args", Support.MAPPED, "entrypoint and arguments, with "
                + "Kubernetes' `$(VAR)` expansion applied, since Docker does not expand: a variable whose value "
                + "exists only once the pod runs (`status.podIP`, a resource…) is refused there", true, "with `$(` "
                + "and `$$` escaped", "[sh, -c, 'exec sleep 60']", "[--verbose]");
        pod(r, "spec.containers[].workingDir", Support.MAPPED, "the working directory", true, "", "/tmp");
        pod(r, "spec.containers[].env", Support.MAPPED, "environment variables (`env(...)` overrides win)", true, "",
                "[{name: MODE, value: test}]");
        pod(r, "spec.containers[].env[].valueFrom.configMapKeyRef, spec.containers[].env[].valueFrom.secretKeyRef",
                Support.MAPPED, "a key of the pod's ConfigMap or Secret, which comes with the pod from the documents "
                + "(a missing one fails the import unless `optional`)", true, "", "{name: settings, key: mode}",
                "{name: credentials, key: password}");
        pod(r, "spec.containers[].env[].valueFrom.fieldRef", Support.MAPPED, "the downward API (`metadata.name`, "
                + "`.namespace`, `.uid`, `.labels['…']`, `.annotations['…']`, `spec.nodeName`, "
                + "`spec.serviceAccountName`, `status.podIP(s)`, `status.hostIP(s)`)", true, "",
                "{fieldPath: metadata.name}");
        pod(r, "spec.containers[].env[].valueFrom.resourceFieldRef", Support.MAPPED, "a limit or request of cpu or "
                + "memory in units of the divisor; other resources are refused", true, "", "{resource: limits.cpu}");
        pod(r, "spec.containers[].envFrom", Support.MAPPED, "every key of the ConfigMap or Secret, with `prefix` "
                + "(`env` wins over it)", true, "", "[{configMapRef: {name: settings}}]");
        pod(r, "spec.containers[].ports[].containerPort, spec.containers[].ports[].name, "
                + "spec.containers[].ports[].protocol", Support.MAPPED, "a declared port, published on a free loopback "
                + "port of the host; probes and hooks may name it; `TCP` and `UDP` (`SCTP` is refused)", true, "",
                "9090", "web", "UDP");
        pod(r, "spec.containers[].ports[].hostPort, spec.containers[].ports[].hostIP", Support.IGNORED, "every "
                + "declared port is published on a free loopback port instead", false, "", "80", "127.0.0.1");
        pod(r, "spec.containers[].resources.limits.memory, spec.containers[].resources.limits.cpu, "
                + "spec.containers[].resources.requests.memory, spec.containers[].resources.requests.cpu",
                Support.MAPPED, "memory and CPU limits and requests", true, "", "64Mi", "500m", "32Mi", "100m");
        pod(r, "spec.containers[].resources.limits.ephemeral-storage, "
                + "spec.containers[].resources.requests.ephemeral-storage", Support.DIFFERENT, "not enforced: the "
                + "kubelet would evict the pod past it", false, "", "1Gi", "1Gi");
        pod(r, "spec.containers[].resources.limits, spec.containers[].resources.requests", Support.UNSUPPORTED,
                "hugepages and extended resources (devices such as GPUs) are not given to containers", false, "",
                "{hugepages-2Mi: 8Mi}", "{nvidia.com/gpu: 1}");
        pod(r, "spec.containers[].resources.claims", Support.UNSUPPORTED, "no dynamic resources", false, "",
                "[{name: gpu}]");
        pod(r, "spec.containers[].readinessProbe, spec.containers[].startupProbe, spec.containers[].livenessProbe",
                Support.MAPPED, "`exec`, `httpGet`, `tcpSocket` (ports by number or name) with the timing fields; a "
                + "numbered port the container does not declare is declared (reported: it is published too)", true,
                "", "{tcpSocket: {port: 8080}, periodSeconds: 2}", "{httpGet: {port: http, path: /}}",
                "{exec: {command: ['true']}, failureThreshold: 5}");
        pod(r, "spec.containers[].readinessProbe.grpc", Support.UNSUPPORTED, "no gRPC probe", false, "",
                "{port: 8080}");
        pod(r, "spec.containers[].readinessProbe.httpGet.host, spec.containers[].readinessProbe.tcpSocket.host",
                Support.UNSUPPORTED, "probes reach the pod's own address only", false, "", "example.com",
                "example.com");
        pod(r, "spec.containers[].readinessProbe.terminationGracePeriodSeconds", Support.UNSUPPORTED, "a container "
                + "that fails its liveness or startup probe is stopped within the pod's grace period", false, "",
                "5");
        pod(r, "spec.containers[].lifecycle.stopSignal", Support.MAPPED, "the stop signal", true, "", "SIGQUIT");
        pod(r, "spec.containers[].lifecycle.postStart, spec.containers[].lifecycle.preStop", Support.MAPPED, "`exec`, "
                + "`httpGet` (to the pod, port by number or name), `sleep`", true, "",
                "{exec: {command: ['true']}}", "{sleep: {seconds: 5}}");
        pod(r, "spec.containers[].lifecycle.postStart.httpGet.host, spec.containers[].lifecycle.postStart.tcpSocket, "
                + "spec.containers[].lifecycle.preStop.httpGet.host, spec.containers[].lifecycle.preStop.tcpSocket",
                Support.UNSUPPORTED, "a hook reaches the pod's own address only; `tcpSocket` is no hook (the kubelet "
                + "fails it too)", false, "", "example.com", "{port: 8080}", "example.com", "{port: 8080}");
        pod(r, "spec.containers[].securityContext.runAsUser, spec.containers[].securityContext.runAsGroup, "
                + "spec.containers[].securityContext.runAsNonRoot, "
                + "spec.containers[].securityContext.readOnlyRootFilesystem, "
                + "spec.containers[].securityContext.allowPrivilegeEscalation, "
                + "spec.containers[].securityContext.privileged, spec.containers[].securityContext.capabilities",
                Support.MAPPED, "the container's security context (privileged and added capabilities logged at WARN)",
                true, "", "1000", "1000", "true", "true", "false", "true", "{add: [NET_ADMIN], drop: [ALL]}");
        pod(r, "spec.containers[].securityContext.procMount", Support.MAPPED, "`Default` is what Docker does; "
                + "`Unmasked` is refused", false, "", "Default");
        pod(r, "spec.initContainers[].restartPolicy, spec.containers[].restartPolicy", Support.MAPPED, "`Always` makes "
                + "an init container a native sidecar (`OnFailure` is refused: an init container is not retried); on "
                + "a regular container (Kubernetes 1.34's ContainerRestartRules), its own restart policy", true,
                "`Always` on every sidecar; a container's own policy (reported)", "Always", "OnFailure");
        pod(r, "spec.containers[].restartPolicyRules", Support.UNSUPPORTED, "no per-exit-code restart rules", false,
                "", "[{action: Restart}]");
        pod(r, "spec.containers[].volumeMounts", Support.MAPPED, "mounts", true, "");
        pod(r, "spec.containers[].volumeMounts[].readOnly, spec.containers[].volumeMounts[].subPath", Support.MAPPED,
                "a read-only mount; one path inside the volume", true, "", "true", "conf");
        pod(r, "spec.containers[].volumeMounts[].mountPropagation", Support.MAPPED, "`None` is what Docker does; "
                + "`HostToContainer` and `Bidirectional` are refused", false, "", "None");
        pod(r, "spec.containers[].volumeMounts[].recursiveReadOnly", Support.MAPPED, "`Disabled`; `IfPossible` is "
                + "reported (Docker 20.10 cannot make submounts read-only); `Enabled` is refused", false, "",
                "Disabled");
        pod(r, "spec.containers[].volumeMounts[].subPathExpr", Support.UNSUPPORTED, "not expanded: use `subPath`",
                false, "", "$(POD_NAME)");
        pod(r, "spec.containers[].volumeDevices", Support.UNSUPPORTED, "no block devices", false, "",
                "[{name: v, devicePath: /dev/xvda}]");
        pod(r, "spec.containers[].stdin, spec.containers[].tty", Support.MAPPED, "an open stdin; a terminal", true, "",
                "true", "true");
        pod(r, "spec.containers[].stdinOnce", Support.DIFFERENT, "nothing attaches here, so stdin stays open as with "
                + "`stdin` alone", false, "", "true");
        pod(r, "spec.containers[].terminationMessagePath, spec.containers[].terminationMessagePolicy",
                Support.IGNORED, "only the kubelet reads it", false, "", "/dev/termination-log", "File");
        pod(r, "spec.containers[].resizePolicy", Support.IGNORED, "limits are not resized in place", false, "",
                "[{resourceName: cpu, restartPolicy: NotRequired}]");
    }

    private static void volumes(List<Row> r) {
        pod(r, "spec.volumes[].name", Support.MAPPED, "the volume's name", true, "", "data");
        pod(r, "spec.volumes[].emptyDir", Support.MAPPED, "on disk; with `medium: Memory` in memory, shared by every "
                + "container that mounts it, of `sizeLimit` (64Mi when not given, reported)", true, "", "{}");
        pod(r, "spec.volumes[].emptyDir.sizeLimit", Support.DIFFERENT, "on disk, not enforced (the kubelet would "
                + "evict the pod past it); in memory it is the tmpfs size, mapped", false, "", "1Gi");
        pod(r, "spec.volumes[].hostPath", Support.MAPPED, "a host path; `type` as the spec's host path type (`\"\"` "
                + "must exist; `CharDevice`, `BlockDevice` refused); under `hostPathRoot(dir)` when given; read-only "
                + "when every mount is", true, "", "{path: /tmp, type: Directory}");
        pod(r, "spec.volumes[].configMap, spec.volumes[].secret", Support.MAPPED, "the keys (or `items`, with modes) "
                + "as files, laid out as the kubelet does; `defaultMode`, `optional`; the ConfigMap or Secret comes "
                + "with the pod from the documents", true, "(a Secret's values only with `withSecretValues()`); files "
                + "given from the test (`file`, `classpathFile`, `hostFile`) as a ConfigMap of their own",
                "{name: settings}", "{secretName: credentials, defaultMode: 0400}");
        pod(r, "spec.volumes[].downwardAPI", Support.MAPPED, "the pod's fields and the containers' resources as files",
                true, "", "{items: [{path: name, fieldRef: {fieldPath: metadata.name}}]}");
        pod(r, "spec.volumes[].projected", Support.MAPPED, "`configMap`, `secret` and `downwardAPI` sources in one "
                + "directory, with `defaultMode`", true, "", "{sources: [{configMap: {name: settings}}]}");
        pod(r, "spec.volumes[].projected.sources[].serviceAccountToken, "
                + "spec.volumes[].projected.sources[].clusterTrustBundle, "
                + "spec.volumes[].projected.sources[].podCertificate", Support.UNSUPPORTED, "there is no API server "
                + "to issue them", false, "", "{path: token}", "{signerName: example.com/ca, path: ca.pem}");
        pod(r, "spec.volumes[].emptyDir.mode, spec.volumes[].configMap.defaultUser, spec.volumes[].secret.defaultUser, "
                + "spec.volumes[].downwardAPI.defaultUser, spec.volumes[].projected.defaultUser", Support.UNSUPPORTED,
                "not applied: the spec has no such field", false, "", "448", "1000");
        pod(r, "spec.volumes[].persistentVolumeClaim", Support.DIFFERENT, "an emptyDir: the data does not outlive the "
                + "pod", false, "", "{claimName: data}");
        pod(r, "spec.volumes[].ephemeral, spec.volumes[].csi, spec.volumes[].nfs, spec.volumes[].image, "
                + "spec.volumes[].iscsi, spec.volumes[].gitRepo", Support.UNSUPPORTED, "not provided: the spec has "
                + "emptyDir, hostPath, configMap, secret, downwardAPI and projected volumes", false, "",
                "{volumeClaimTemplate: {}}");
    }

    private static void workloads(List<Row> r) {
        kind(r, WORKLOAD, "metadata.namespace", Support.MAPPED, "the namespace of the workload's pod", "prod");
        kind(r, "Deployment, StatefulSet, ReplicaSet", "spec.replicas", Support.IGNORED, "one pod runs; "
                + "`replica(n)` picks which (its name, and a StatefulSet's hostname)", "3");
        kind(r, "Deployment, StatefulSet, DaemonSet, ReplicaSet, Job", "spec.selector", Support.IGNORED,
                "the controller's", "{matchLabels: {app: web}}");
        kind(r, "Deployment", "spec.minReadySeconds, spec.strategy, spec.revisionHistoryLimit, "
                + "spec.progressDeadlineSeconds, spec.paused", Support.IGNORED, "the rollout controller's", "5");
        kind(r, "StatefulSet", "spec.serviceName, spec.podManagementPolicy, spec.updateStrategy, "
                + "spec.revisionHistoryLimit, spec.minReadySeconds, spec.persistentVolumeClaimRetentionPolicy",
                Support.IGNORED, "the StatefulSet controller's", "web");
        kind(r, "StatefulSet", "spec.ordinals.start", Support.MAPPED, "the first ordinal: the pod is "
                + "`<name>-<start + replica>`", "1");
        kind(r, "StatefulSet", "spec.volumeClaimTemplates", Support.DIFFERENT, "an emptyDir per claim, named as the "
                + "claim: the data does not outlive the pod");
        kind(r, "DaemonSet", "spec.minReadySeconds, spec.updateStrategy, spec.revisionHistoryLimit", Support.IGNORED,
                "the DaemonSet controller's: one pod runs", "5");
        kind(r, "ReplicaSet", "spec.minReadySeconds", Support.IGNORED, "the ReplicaSet controller's", "5");
        kind(r, "Job", "spec.parallelism, spec.completions, spec.completionMode, spec.backoffLimit, "
                + "spec.backoffLimitPerIndex, spec.maxFailedIndexes, spec.activeDeadlineSeconds, "
                + "spec.ttlSecondsAfterFinished, spec.suspend, spec.podFailurePolicy, spec.podReplacementPolicy, "
                + "spec.successPolicy, spec.manualSelector, spec.managedBy", Support.IGNORED, "the Job "
                + "controller's: one pod runs once (in a CronJob, under `spec.jobTemplate.spec`)", "2");
        kind(r, "CronJob", "spec.schedule, spec.timeZone, spec.concurrencyPolicy, spec.suspend, "
                + "spec.startingDeadlineSeconds, spec.successfulJobsHistoryLimit, spec.failedJobsHistoryLimit, "
                + "spec.jobTemplate.metadata", Support.IGNORED, "the CronJob controller's: the test starts the pod",
                "'*/5 * * * *'");
        kind(r, WORKLOAD, "metadata", Support.IGNORED, "the workload's own metadata (its name names the pod)",
                "{labels: {app: web}}");
        kind(r, WORKLOAD + ", Pod", "status", Support.IGNORED, "what a cluster reported", "{}");
    }

    private static void pod(List<Row> rows, String fields, Support support, String onDocker, boolean exported,
            String export, String... samples) {
        rows.add(new Row(POD, List.of(fields.split(", ")), support, onDocker, exported, export, samples(samples)));
    }

    private static void kind(List<Row> rows, String kinds, String fields, Support support, String onDocker,
            String... samples) {
        rows.add(new Row(kinds, List.of(fields.split(", ")), support, onDocker, false, "", samples(samples)));
    }

    private static List<String> samples(String... samples) {
        return List.of(samples);
    }
}
