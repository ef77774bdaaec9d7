package dev.sidecar.kubernetes;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Bad manifests, one per row: each fails with a {@link ManifestException} whose problem names the field's path, the
 * value and what is wrong (and the line, where the YAML gives one). The import reads YAML only: it never reaches an
 * engine, so nothing is created (ManifestOnEngineIT checks that through a runtime too).
 */
class BadManifestTest {

    /** A Deployment with one container, into which a case splices its lines. */
    private static String deployment(String podSpecLines) {
        return """
                apiVersion: apps/v1
                kind: Deployment
                metadata:
                  name: web
                spec:
                  selector: {matchLabels: {app: web}}
                  template:
                    metadata:
                      labels: {app: web}
                    spec:
                """ + podSpecLines.indent(6);
    }

    private static final String APP = """
            containers:
              - name: app
                image: busybox:1.36
            """;

    private static final Function<KubernetesManifests, Object> IMPORT = m -> m.workload().importPod();

    /** name, YAML, what to do with it, expected path, expected value (or null: not checked), message part. */
    static Stream<Arguments> cases() {
        return Stream.of(
                row("malformed YAML: unclosed flow sequence", "apiVersion: v1\nkind: Pod\nmetadata: [\n  name: x\n",
                        m -> m, "", null, "malformed YAML: while parsing a flow sequence"),
                row("malformed YAML: a tab for indentation", "apiVersion: v1\nkind: Pod\nmetadata:\n\tname: x\n",
                        m -> m, "", null, "malformed YAML"),
                row("malformed YAML: a key given twice", "apiVersion: v1\nkind: Pod\nkind: Pod\n", m -> m, "", null,
                        "duplicate key kind"),
                row("wrong apiVersion for the kind", "apiVersion: v1\nkind: Deployment\nmetadata: {name: web}\n",
                        m -> m, "apiVersion", "v1", "a Deployment has apiVersion apps/v1"),
                row("unknown kind", "apiVersion: apps/v1\nkind: Deploymnet\nmetadata: {name: web}\n", m -> m, "kind",
                        "Deploymnet", "unknown kind 'Deploymnet'"),
                row("no kind", "apiVersion: v1\nmetadata: {name: web}\n", m -> m, "kind", "",
                        "every document needs a kind"),
                row("a document that is a list", "- apiVersion: v1\n  kind: Pod\n", m -> m, "", null,
                        "a document must be a Kubernetes object"),
                row("a value of the wrong type", deployment(APP).replace("spec:\n  selector",
                        "spec:\n  replicas: many\n  selector"), m -> m, "spec.replicas", "many",
                        "not a valid value here"),
                row("two workloads and no choice", deployment(APP) + "---\n" + deployment(APP).replace("name: web",
                        "name: api"), IMPORT, "", null, "2 workloads (Deployment/web, Deployment/api): choose one"),
                row("no workload of that name", deployment(APP), m -> m.workload("Deployment", "api"),
                        "metadata.name", "api", "no Deployment named 'api' (workloads: Deployment/web)"),
                row("not a workload kind", deployment(APP), m -> m.workload("Service", "web"), "kind", "Service",
                        "'Service' is not a workload kind"),
                row("no workload at all", "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: c}\n", IMPORT, "", null,
                        "no workload"),
                row("missing ConfigMap of a volume", deployment(APP + """
                        volumes:
                          - name: conf
                            configMap: {name: app-config}
                        """), IMPORT, "spec.template.spec.volumes[0].configMap.name", "app-config",
                        "no ConfigMap 'app-config' among the documents"),
                row("missing ConfigMap key of an env value", deployment("""
                        containers:
                          - name: app
                            image: busybox:1.36
                            env:
                              - name: MODE
                                valueFrom:
                                  configMapKeyRef: {name: settings, key: mode}
                        """) + "---\napiVersion: v1\nkind: ConfigMap\nmetadata: {name: settings}\ndata: {level: x}\n",
                        IMPORT, "spec.template.spec.containers[0].env[0].valueFrom.configMapKeyRef.key", "mode",
                        "ConfigMap 'settings' has no key 'mode' (keys: [level])"),
                row("missing Secret of an env value", deployment("""
                        containers:
                          - name: app
                            image: busybox:1.36
                            env:
                              - name: PASSWORD
                                valueFrom:
                                  secretKeyRef: {name: db, key: password}
                        """), IMPORT, "spec.template.spec.containers[0].env[0].valueFrom.secretKeyRef.name", "db",
                        "no Secret 'db' among the documents"),
                row("a mount of an undeclared volume", deployment("""
                        containers:
                          - name: app
                            image: busybox:1.36
                            volumeMounts:
                              - {name: data, mountPath: /data}
                        """), IMPORT, "spec.template.spec.containers[0].volumeMounts[0].name", "data",
                        "mounts volume 'data', which the pod does not declare"),
                row("two containers of one name", deployment(APP + """
                          - name: app
                            image: busybox:1.36
                        """), IMPORT, "spec.template.spec.containers[1].name", "app", "is used twice"),
                row("an unsupported field in strict mode", deployment("""
                        containers:
                          - name: app
                            image: busybox:1.36
                            volumeDevices: [{name: disk, devicePath: /dev/xvda}]
                        """), IMPORT, "spec.template.spec.containers[0].volumeDevices", null,
                        "unsupported (strict mode"),
                row("a misspelt field in strict mode", deployment("""
                        containers:
                          - name: app
                            image: busybox:1.36
                            imagePullPolcy: Always
                        """), IMPORT, "spec.template.spec.containers[0].imagePullPolcy", "Always",
                        "not a field the importer knows"),
                row("host network in strict mode", deployment("hostNetwork: true\n" + APP), IMPORT,
                        "spec.template.spec.hostNetwork", "true", "a pod here never shares the host's namespaces"),
                row("a quantity that is none", deployment("""
                        containers:
                          - name: app
                            image: busybox:1.36
                            resources:
                              limits: {memory: lots}
                        """), IMPORT, "spec.template.spec.containers[0].resources.limits.memory", "lots",
                        "is not a Kubernetes quantity"),
                row("a probe's named port the container lacks", deployment("""
                        containers:
                          - name: app
                            image: busybox:1.36
                            ports: [{name: http, containerPort: 8080}]
                            readinessProbe:
                              httpGet: {path: /, port: web}
                        """), IMPORT, "spec.template.spec.containers[0].readinessProbe.httpGet.port", "web",
                        "no port named 'web' (named ports: [http=8080])"),
                row("a probe without a handler", deployment("""
                        containers:
                          - name: app
                            image: busybox:1.36
                            readinessProbe: {periodSeconds: 5}
                        """), IMPORT, "spec.template.spec.containers[0].readinessProbe", null,
                        "a probe needs exec, httpGet or tcpSocket"),
                row("a container name the spec refuses", deployment(APP.replace("name: app", "name: App")), IMPORT,
                        "spec.template.spec.containers[0]", null, "container name 'App' is not a DNS-1123 label"),
                row("a pod name that cannot name Docker objects", deployment(APP).replace("name: web", "name: web.v2"),
                        IMPORT, "metadata.name", "web.v2", "must be a DNS-1123 label here"),
                row("a restart policy Kubernetes does not have", deployment("restartPolicy: Sometimes\n" + APP),
                        IMPORT, "spec.template.spec.restartPolicy", "Sometimes", "not a restart policy"),
                row("a host path type Kubernetes does not have", deployment(APP + """
                        volumes:
                          - name: logs
                            hostPath: {path: /var/log, type: Dir}
                        """), IMPORT, "spec.template.spec.volumes[0].hostPath.type", "Dir", "not a hostPath type"),
                row("an init container with a probe", deployment(APP + """
                        initContainers:
                          - name: migrate
                            image: busybox:1.36
                            readinessProbe:
                              exec: {command: ['true']}
                        """), IMPORT, "spec.template.spec.initContainers[0].readinessProbe", null,
                        "may not have a readinessProbe"),
                row("an init container retried OnFailure in strict mode", deployment(APP + """
                        initContainers:
                          - name: migrate
                            image: busybox:1.36
                            restartPolicy: OnFailure
                        """), IMPORT, "spec.template.spec.initContainers[0].restartPolicy", "OnFailure",
                        "an init container runs once here"),
                row("a variable known only once the pod runs, in args, in strict mode", deployment("""
                        containers:
                          - name: app
                            image: busybox:1.36
                            args: [--listen=$(POD_IP):8080]
                            env:
                              - name: POD_IP
                                valueFrom:
                                  fieldRef: {fieldPath: status.podIP}
                        """), IMPORT, "spec.template.spec.containers[0].args[0]", "--listen=$(POD_IP):8080",
                        "refers to $(POD_IP), whose value exists only once the pod runs"),
                row("a resource the downward API does not resolve here", deployment("""
                        containers:
                          - name: app
                            image: busybox:1.36
                            env:
                              - name: SCRATCH
                                valueFrom:
                                  resourceFieldRef: {resource: limits.ephemeral-storage}
                        """), IMPORT,
                        "spec.template.spec.containers[0].env[0].valueFrom.resourceFieldRef.resource",
                        "limits.ephemeral-storage", "only limits and requests of cpu and memory"),
                row("a field path the downward API does not have", deployment("""
                        containers:
                          - name: app
                            image: busybox:1.36
                            env:
                              - name: PHASE
                                valueFrom:
                                  fieldRef: {fieldPath: status.phase}
                        """), IMPORT, "spec.template.spec.containers[0]", null,
                        "field 'status.phase' of env PHASE of container 'app' is not a pod field"),
                row("a seccomp profile of the node in strict mode", deployment("""
                        securityContext:
                          seccompProfile: {type: Localhost, localhostProfile: profiles/audit.json}
                        """ + APP), IMPORT, "spec.template.spec.securityContext.seccompProfile", null,
                        "a seccomp profile of type Localhost is not applied"),
                row("a missing key of a Secret volume's items", deployment(APP + """
                        volumes:
                          - name: tls
                            secret:
                              secretName: tls
                              items: [{key: ca.crt, path: ca.crt}]
                        """) + "---\napiVersion: v1\nkind: Secret\nmetadata: {name: tls}\nstringData: {tls.crt: x}\n",
                        IMPORT, "spec.template.spec.volumes[0].secret.items[0].key", "ca.crt",
                        "Secret 'tls' has no key 'ca.crt' (keys: [tls.crt])"),
                row("an image pull policy Kubernetes does not have", deployment(APP.replace("image: busybox:1.36",
                        "image: busybox:1.36\n    imagePullPolicy: Sometimes")), IMPORT,
                        "spec.template.spec.containers[0].imagePullPolicy", "Sometimes", "not an image pull policy"),
                row("an image override that matches nothing", deployment(APP),
                        m -> m.workload().image("nginx:1.27", "sidecar-test/debian:1").importPod(), "", "nginx:1.27",
                        "matches no container's image (images: [busybox:1.36])"),
                row("an env override of no container", deployment(APP),
                        m -> m.workload().env("proxy", "A", "b").importPod(), "", "proxy",
                        "names no container (containers: [app])"),
                row("a replica beyond spec.replicas", deployment(APP), m -> m.workload().replica(1).importPod(),
                        "spec.replicas", "1 (default)", "has 1 replica(s)"),
                row("the library's annotation not being JSON", deployment(APP).replace("labels: {app: web}",
                        "labels: {app: web}\n      annotations: {sidecar.dev/extensions: 'not json'}"), IMPORT,
                        "spec.template.metadata.annotations['sidecar.dev/extensions']", "not json", "not JSON"),
                row("a Secret whose data is not base64", deployment("""
                        containers:
                          - name: app
                            image: busybox:1.36
                            envFrom: [{secretRef: {name: db}}]
                        """) + "---\napiVersion: v1\nkind: Secret\nmetadata: {name: db}\ndata: {password: '%%%'}\n",
                        IMPORT, "data.password", null, "not base64"));
    }

    private static Arguments row(String name, String yaml, Function<KubernetesManifests, Object> action, String path,
            String value, String message) {
        return Arguments.of(name, yaml, action, path, value, message);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void failsNamingTheFieldItsValueAndWhatIsWrong(String name, String yaml,
            Function<KubernetesManifests, Object> action,
            String path, String value, String message) {
        assertThatThrownBy(() -> action.apply(KubernetesManifests.parse(yaml)))
                .isInstanceOfSatisfying(ManifestException.class, e -> {
                    assertThat(e.problems()).as(e.getMessage()).anySatisfy(p -> {
                        assertThat(p.path()).isEqualTo(path);
                        if (value != null) {
                            assertThat(p.value()).isEqualTo(value);
                        }
                        assertThat(p.message()).contains(message);
                        assertThat(p.document()).startsWith("<string>");
                    });
                    assertThat(e.getMessage()).contains(message);
                });
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void namesTheLineWhereTheYamlHasIt(String name, String yaml, Function<KubernetesManifests, Object> action,
            String path, String value, String message) {
        assertThatThrownBy(() -> action.apply(KubernetesManifests.parse(yaml)))
                .isInstanceOfSatisfying(ManifestException.class, e -> {
                    boolean inDocument = !path.isEmpty() || message.startsWith("malformed")
                            || message.contains("duplicate") || message.contains("a document must be");
                    if (inDocument && !message.contains("not a workload kind") && !message.contains("no Deployment")
                            && !message.contains("has 1 replica")) {
                        assertThat(e.problems()).allSatisfy(p -> assertThat(p.line()).as(p.toString()).isPositive());
                    }
                });
    }
}
