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
 * too, and rows of {@code readinessProbe} for {@code startupProbe}.
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
     * @param sample a YAML value of the first field that the matrix test sets in a manifest, or null for a structural
     *     row that every manifest has
     */
    record Row(String scope, List<String> fields, Support support, String onDocker, boolean exported, String export,
            String sample) {

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
        return path.replace("spec.initContainers[]", "spec.containers[]").replace(".startupProbe", ".readinessProbe");
    }

    /** The matrix as the README shows it: one row per rule, the pod template's first. */
    static String markdown() {
        StringBuilder md = new StringBuilder("| Kubernetes field | Import | On Docker | Export |\n| --- | --- | --- | --- |\n");
        for (Row row : ROWS) {
            String fields = row.fields().stream().map(f -> "`" + f + "`").collect(Collectors.joining(", "));
            String where = row.scope().equals(POD) ? "" : row.scope().equals(WORKLOAD) ? "workload: " : row.scope() + ": ";
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
        // The pod's metadata.
        pod(r, "metadata.name", Support.MAPPED, "the pod's name; a Deployment's, ReplicaSet's, DaemonSet's, Job's or "
                + "CronJob's pod takes the workload's name (with `-<n>` for `replica(n)`), a StatefulSet's "
                + "`<name>-<ordinal>`", true, "", "other");
        pod(r, "metadata.namespace", Support.IGNORED, "finds the ConfigMaps and Secrets of that namespace; an engine "
                + "has no namespaces", false, "", "prod");
        pod(r, "metadata.labels", Support.IGNORED, "not carried: the spec has no labels yet", false,
                "(`libraryLabels(true)` writes `app.kubernetes.io/managed-by: sidecar`)", "{app: web}");
        pod(r, "metadata.annotations", Support.IGNORED, "not carried: the spec has no annotations yet", false, "",
                "{team: a}");
        pod(r, "metadata.annotations['kubectl.kubernetes.io/default-container']", Support.MAPPED, "names main among "
                + "`containers` (unless `main(name)` does)", false, "(main is the only regular container)", "app");
        pod(r, "metadata.annotations['" + Extensions.ANNOTATION + "']", Support.MAPPED, "the library's settings that "
                + "Kubernetes has no field for, as a lenient export writes them", true, "by a lenient export, when "
                + "the spec uses an extension", "'{\"sidecarStartOrder\":\"PARALLEL\"}'");
        pod(r, "metadata.uid, metadata.resourceVersion, metadata.generation, metadata.creationTimestamp, "
                + "metadata.deletionTimestamp, metadata.deletionGracePeriodSeconds, metadata.generateName, "
                + "metadata.ownerReferences, metadata.finalizers, metadata.managedFields, metadata.selfLink",
                Support.IGNORED, "the API server's bookkeeping", false, "", "1234");
        // The pod's spec.
        pod(r, "spec.containers", Support.MAPPED, "the first container (or `main(name)`'s, or the one the annotation "
                + "`kubectl.kubernetes.io/default-container` names) is main; each other one becomes a sidecar started "
                + "before main, reported as a difference", true, "main", null);
        pod(r, "spec.initContainers", Support.MAPPED, "init containers, run in order to completion; those with "
                + "`restartPolicy: Always` are native sidecars, started in order after them (an init container "
                + "after a sidecar is refused: here every init container runs before the sidecars)", true,
                "init containers, then the sidecars with `restartPolicy: Always`", null);
        pod(r, "spec.volumes", Support.MAPPED, "the pod's volumes (see `spec.volumes[]`)", true, "", null);
        pod(r, "spec.restartPolicy", Support.MAPPED, "main's restart policy (Kubernetes' default: `Always`); the "
                + "other regular containers keep it as sidecars", true, "main's restart policy", "OnFailure");
        pod(r, "spec.hostname", Support.MAPPED, "the hostname", true, "when it is not the pod's name", "box");
        pod(r, "spec.shareProcessNamespace", Support.MAPPED, "one PID namespace for the pod", true, "", "true");
        pod(r, "spec.terminationGracePeriodSeconds", Support.MAPPED, "the pod's grace period on close", true, "",
                "5");
        pod(r, "spec.securityContext.runAsUser, spec.securityContext.runAsGroup", Support.MAPPED, "the user (and "
                + "group) of each container that sets none", false, "(per container)", "1000");
        pod(r, "spec.os.name", Support.MAPPED, "`linux` is what the engine runs; `windows` is refused", false,
                "(written as `linux` with a stop signal, which Kubernetes requires)", "linux");
        pod(r, "spec.hostNetwork, spec.hostPID, spec.hostIPC", Support.UNSUPPORTED, "`true` is refused: a pod here "
                + "never shares the host's namespaces (`false` is what it does)", false, "", "true");
        pod(r, "spec.hostUsers", Support.UNSUPPORTED, "`false` is refused: no user namespace is set up (`true` is "
                + "what it does)", false, "", "false");
        pod(r, "spec.securityContext.fsGroup, spec.securityContext.fsGroupChangePolicy, "
                + "spec.securityContext.supplementalGroups, spec.securityContext.supplementalGroupsPolicy, "
                + "spec.securityContext.runAsNonRoot, spec.securityContext.seccompProfile, "
                + "spec.securityContext.appArmorProfile, spec.securityContext.seLinuxOptions, "
                + "spec.securityContext.seLinuxChangePolicy, spec.securityContext.sysctls, "
                + "spec.securityContext.windowsOptions", Support.UNSUPPORTED, "not applied: the spec has no pod "
                + "security context yet", false, "", "2000");
        pod(r, "spec.affinity, spec.nodeSelector, spec.nodeName, spec.tolerations, spec.topologySpreadConstraints, "
                + "spec.priority, spec.priorityClassName, spec.preemptionPolicy, spec.schedulerName, "
                + "spec.schedulingGates, spec.schedulingGroup, spec.overhead, spec.runtimeClassName, "
                + "spec.readinessGates", Support.IGNORED, "the scheduler's: the pod runs on the one engine", false,
                "", "{nodeAffinity: {}}");
        pod(r, "spec.serviceAccountName, spec.serviceAccount, spec.automountServiceAccountToken", Support.IGNORED,
                "there is no API server: no token is mounted", false, "", "web");
        pod(r, "spec.imagePullSecrets", Support.IGNORED, "images come from the engine (its own registry login)",
                false, "", "[{name: regcred}]");
        pod(r, "spec.enableServiceLinks, spec.dnsPolicy, spec.subdomain, spec.setHostnameAsFQDN", Support.IGNORED,
                "there are no Services or cluster DNS: names resolve as the engine resolves them", false, "",
                "false");
        pod(r, "spec.activeDeadlineSeconds", Support.IGNORED, "not enforced: the pod runs until the test closes it",
                false, "", "600");
        pod(r, "spec.dnsConfig, spec.hostAliases, spec.hostnameOverride, spec.ephemeralContainers, "
                + "spec.resourceClaims, spec.resources, spec.evictionResponders", Support.UNSUPPORTED,
                "not applied: the spec has no such field", false, "", "{nameservers: [1.1.1.1]}");
        // Containers.
        pod(r, "spec.containers[].name", Support.MAPPED, "the container's name", true, "", "web");
        pod(r, "spec.containers[].image", Support.MAPPED, "the image, after the `image` and `imagePrefix` overrides",
                true, "", "busybox:1.36");
        pod(r, "spec.containers[].command, spec.containers[].args", Support.MAPPED, "entrypoint and arguments", true,
                "", "[sh, -c, 'exec sleep 60']");
        pod(r, "spec.containers[].workingDir", Support.MAPPED, "the working directory", true, "", "/tmp");
        pod(r, "spec.containers[].env", Support.MAPPED, "environment variables, in order (`env(...)` overrides "
                + "win)", true, "", "[{name: MODE, value: test}]");
        pod(r, "spec.containers[].env[].valueFrom.configMapKeyRef", Support.MAPPED, "the value, read from the "
                + "ConfigMap among the documents (a missing one fails unless `optional`)", false,
                "(written as the value)", "{name: settings, key: mode}");
        pod(r, "spec.containers[].env[].valueFrom.secretKeyRef", Support.MAPPED, "a secret value (`secretEnv`: "
                + "masked everywhere), read from the Secret among the documents", true, "a reference to the pod's "
                + "Secret", "{name: credentials, key: password}");
        pod(r, "spec.containers[].env[].valueFrom.fieldRef", Support.MAPPED, "`metadata.name`, "
                + "`metadata.namespace`, `metadata.labels['…']`, `metadata.annotations['…']` and "
                + "`spec.serviceAccountName` as values; other fields are refused", false, "(written as the value)",
                "{fieldPath: metadata.name}");
        pod(r, "spec.containers[].env[].valueFrom.resourceFieldRef", Support.UNSUPPORTED, "not resolved", false, "",
                "{resource: limits.cpu}");
        pod(r, "spec.containers[].envFrom", Support.MAPPED, "every key of the ConfigMap or Secret, with `prefix`, "
                + "as env (`env` wins over it, as in Kubernetes)", false, "(written as env)",
                "[{configMapRef: {name: settings}}]");
        pod(r, "spec.containers[].ports[].containerPort", Support.MAPPED, "a declared port, published on a free "
                + "loopback port of the host", true, "", "9090");
        pod(r, "spec.containers[].ports[].name", Support.MAPPED, "resolves named probe ports; not kept", false, "",
                "web");
        pod(r, "spec.containers[].ports[].protocol", Support.UNSUPPORTED, "`UDP` and `SCTP` are refused: only TCP "
                + "ports are declared (`TCP` is mapped)", false, "", "UDP");
        pod(r, "spec.containers[].ports[].hostPort, spec.containers[].ports[].hostIP", Support.IGNORED, "every "
                + "declared port is published on a free loopback port instead", false, "", "80");
        pod(r, "spec.containers[].resources.limits.memory, spec.containers[].resources.limits.cpu", Support.MAPPED,
                "memory and CPU limits", true, "", "64Mi");
        pod(r, "spec.containers[].resources.limits", Support.IGNORED, "limits other than cpu and memory are not "
                + "enforced", false, "", "{ephemeral-storage: 1Gi}");
        pod(r, "spec.containers[].resources.requests", Support.IGNORED, "the scheduler's", false, "",
                "{cpu: 100m}");
        pod(r, "spec.containers[].resources.claims", Support.UNSUPPORTED, "no dynamic resources", false, "",
                "[{name: gpu}]");
        pod(r, "spec.containers[].readinessProbe", Support.MAPPED, "the readiness probe (`exec`, `httpGet`, "
                + "`tcpSocket`, named ports resolved, timing fields kept; a port the container does not declare is "
                + "declared, reported)", true, "", "{tcpSocket: {port: 8080}, periodSeconds: 2}");
        pod(r, "spec.containers[].startupProbe", Support.MAPPED, "a native sidecar's gates the next start: its "
                + "readiness probe; so is a regular container's without a `readinessProbe` (with one, the startup "
                + "probe is refused)", false, "(a sidecar's readiness probe is written as its `startupProbe` too)",
                "{tcpSocket: {port: 8080}}");
        pod(r, "spec.containers[].readinessProbe.grpc", Support.UNSUPPORTED, "no gRPC probe", false, "",
                "{port: 8080}");
        pod(r, "spec.containers[].readinessProbe.httpGet.host, spec.containers[].readinessProbe.tcpSocket.host",
                Support.UNSUPPORTED, "probes reach the pod's own address only", false, "", "example.com");
        pod(r, "spec.containers[].readinessProbe.terminationGracePeriodSeconds", Support.IGNORED, "only a liveness "
                + "or startup probe's failure kills a container in Kubernetes", false, "", "5");
        pod(r, "spec.containers[].livenessProbe", Support.UNSUPPORTED, "no liveness probe yet: a container that "
                + "hangs is not restarted", false, "", "{exec: {command: ['true']}}");
        pod(r, "spec.containers[].lifecycle.stopSignal", Support.MAPPED, "the stop signal", true, "", "SIGQUIT");
        pod(r, "spec.containers[].lifecycle.postStart, spec.containers[].lifecycle.preStop", Support.UNSUPPORTED,
                "no lifecycle hooks yet", false, "", "{exec: {command: ['true']}}");
        pod(r, "spec.containers[].securityContext.runAsUser, spec.containers[].securityContext.runAsGroup",
                Support.MAPPED, "the user `uid[:gid]`", true, "", "1000");
        pod(r, "spec.containers[].securityContext.privileged", Support.MAPPED, "privileged (logged at WARN)", true,
                "", "true");
        pod(r, "spec.containers[].securityContext.capabilities.add", Support.MAPPED, "added capabilities (logged at "
                + "WARN)", true, "", "[NET_ADMIN]");
        pod(r, "spec.containers[].securityContext.capabilities.drop, "
                + "spec.containers[].securityContext.readOnlyRootFilesystem, "
                + "spec.containers[].securityContext.allowPrivilegeEscalation, "
                + "spec.containers[].securityContext.runAsNonRoot, spec.containers[].securityContext.seccompProfile, "
                + "spec.containers[].securityContext.appArmorProfile, "
                + "spec.containers[].securityContext.seLinuxOptions, spec.containers[].securityContext.procMount, "
                + "spec.containers[].securityContext.windowsOptions", Support.UNSUPPORTED, "not applied: the spec's "
                + "security context has only user, privileged and added capabilities", false, "", "[ALL]");
        pod(r, "spec.initContainers[].restartPolicy", Support.MAPPED, "`Always` makes an init container a native "
                + "sidecar", true, "`Always` on every sidecar", "Always");
        pod(r, "spec.containers[].restartPolicyRules", Support.UNSUPPORTED, "no per-exit-code restart rules", false,
                "", "[{action: Restart}]");
        pod(r, "spec.containers[].volumeMounts", Support.MAPPED, "mounts: `name`, `mountPath`, `readOnly`", true,
                "", null);
        pod(r, "spec.containers[].volumeMounts[].readOnly", Support.MAPPED, "a read-only mount", true, "", "true");
        pod(r, "spec.containers[].volumeMounts[].subPath, spec.containers[].volumeMounts[].subPathExpr, "
                + "spec.containers[].volumeMounts[].mountPropagation, "
                + "spec.containers[].volumeMounts[].recursiveReadOnly", Support.UNSUPPORTED, "not applied: a mount "
                + "is the whole volume", false, "", "conf");
        pod(r, "spec.containers[].volumeDevices", Support.UNSUPPORTED, "no block devices", false, "",
                "[{name: v, devicePath: /dev/xvda}]");
        pod(r, "spec.containers[].stdin, spec.containers[].stdinOnce, spec.containers[].tty", Support.UNSUPPORTED,
                "`true` is refused: containers get no terminal or open stdin (`false` is what they get)", false, "",
                "true");
        pod(r, "spec.containers[].imagePullPolicy", Support.IGNORED, "the image is used as the engine has it, pulled "
                + "when missing", false, "", "Always");
        pod(r, "spec.containers[].terminationMessagePath, spec.containers[].terminationMessagePolicy",
                Support.IGNORED, "only the kubelet reads it", false, "", "/dev/termination-log");
        pod(r, "spec.containers[].resizePolicy", Support.IGNORED, "limits are not resized in place", false, "",
                "[{resourceName: cpu, restartPolicy: NotRequired}]");
        // Volumes.
        pod(r, "spec.volumes[].name", Support.MAPPED, "the volume's name", true, "", "data");
        pod(r, "spec.volumes[].emptyDir", Support.MAPPED, "an emptyDir; with `medium: Memory` an in-memory one of "
                + "`sizeLimit` (64Mi when not given, reported)", true, "", "{}");
        pod(r, "spec.volumes[].emptyDir.sizeLimit", Support.DIFFERENT, "on disk, not enforced (in memory it is the "
                + "tmpfs size, mapped)", false, "", "1Gi");
        pod(r, "spec.volumes[].hostPath", Support.MAPPED, "a host path; `type` as the spec's host path type (`\"\"` "
                + "must exist; `CharDevice`, `BlockDevice` refused); under `hostPathRoot(dir)` when given; read-only "
                + "when every mount is", true, "", "{path: /tmp, type: Directory}");
        pod(r, "spec.volumes[].configMap", Support.DIFFERENT, "an emptyDir holding the ConfigMap's keys (or `items`) "
                + "as files, mounted read-only; file modes are not kept", true, "for files given from the test "
                + "(`file`, `classpathFile`, `hostFile`), with a ConfigMap", "{name: settings}");
        pod(r, "spec.volumes[].secret", Support.DIFFERENT, "an emptyDir holding the Secret's keys as files, mounted "
                + "read-only; file modes are not kept", false, "(its files are written as a ConfigMap: the spec does "
                + "not know they are secret)", "{secretName: credentials}");
        pod(r, "spec.volumes[].persistentVolumeClaim", Support.DIFFERENT, "an emptyDir: the data does not outlive the "
                + "pod", false, "", "{claimName: data}");
        pod(r, "spec.volumes[].projected, spec.volumes[].downwardAPI, spec.volumes[].ephemeral, spec.volumes[].csi, "
                + "spec.volumes[].nfs, spec.volumes[].image", Support.UNSUPPORTED, "not provided: the spec has "
                + "emptyDir and hostPath volumes", false, "", "{sources: []}");
        // The workloads around the pod.
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
                + "claim: the data does not outlive the pod", null);
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
        kind(r, WORKLOAD, "metadata", Support.IGNORED, "the workload's own metadata (its name names the pod, its "
                + "namespace finds ConfigMaps and Secrets)", "{labels: {app: web}}");
        kind(r, WORKLOAD + ", Pod", "status", Support.IGNORED, "what a cluster reported", "{}");
        return List.copyOf(r);
    }

    private static void pod(List<Row> rows, String fields, Support support, String onDocker, boolean exported,
            String export, String sample) {
        rows.add(new Row(POD, List.of(fields.split(", ")), support, onDocker, exported, export, sample));
    }

    private static void kind(List<Row> rows, String kinds, String fields, Support support, String onDocker,
            String sample) {
        rows.add(new Row(kinds, List.of(fields.split(", ")), support, onDocker, false, "", sample));
    }
}
