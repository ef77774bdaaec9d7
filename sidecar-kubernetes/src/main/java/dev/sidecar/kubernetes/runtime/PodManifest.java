package dev.sidecar.kubernetes.runtime;

import dev.sidecar.PodSpec;
import dev.sidecar.kubernetes.KubernetesExport;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvFromSource;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.VolumeProjection;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.function.Supplier;
import java.util.stream.Stream;

/**
 * The objects one pod instance creates: {@link KubernetesExport}'s Pod, ConfigMaps and Secrets (secret values
 * included: they go to the cluster, not to a file), each renamed with the instance id so that a spec can run twice in
 * one namespace, in the runtime's namespace and with the library's labels.
 *
 * @param pod the Pod, named {@code <pod>-<instance>}
 * @param configMaps the ConfigMaps it mounts or reads, created before it
 * @param secrets the Secrets it mounts or reads (the {@code secretEnv} values among them), created before it
 */
record PodManifest(Pod pod, List<ConfigMap> configMaps, List<Secret> secrets) {

    /**
     * The objects of {@code spec} for instance {@code instanceId} in {@code namespace}.
     *
     * @throws dev.sidecar.kubernetes.ManifestException naming every field of the spec Kubernetes has no field for
     *     (a parallel sidecar start, a log-line probe, ...): the runtime refuses what the cluster could not do
     */
    static PodManifest of(PodSpec spec, String namespace, String instanceId) {
        List<HasMetadata> resources = KubernetesExport.of(spec).withSecretValues().withLibraryLabels().resources();
        String suffix = "-" + instanceId;
        Map<String, String> labels = ObjectLabels.forPod(spec.name(), instanceId);
        Pod pod = null;
        List<ConfigMap> configMaps = new ArrayList<>();
        List<Secret> secrets = new ArrayList<>();
        Map<String, String> configMapNames = new HashMap<>();
        Map<String, String> secretNames = new HashMap<>();
        for (HasMetadata r : resources) {
            String name = r.getMetadata().getName();
            r.getMetadata().setNamespace(namespace);
            Map<String, String> merged = new LinkedHashMap<>(r.getMetadata().getLabels() == null ? Map.of()
                    : r.getMetadata().getLabels());
            merged.putAll(labels);
            r.getMetadata().setLabels(merged);
            if (r instanceof Pod p) {
                pod = p;
                p.getMetadata().setName(spec.name() + suffix);
            } else if (r instanceof ConfigMap c) {
                configMapNames.put(name, name + suffix);
                c.getMetadata().setName(name + suffix);
                configMaps.add(c);
            } else if (r instanceof Secret s) {
                secretNames.put(name, name + suffix);
                s.getMetadata().setName(name + suffix);
                secrets.add(s);
            } else {
                throw new IllegalStateException("the export wrote a " + r.getKind() + ", which the runtime does not "
                        + "create");
            }
        }
        if (pod == null) {
            throw new IllegalStateException("the export of pod '" + spec.name() + "' wrote no Pod");
        }
        // The pod's name carries the instance id; its containers see the host name the spec gives, as on Docker.
        pod.getSpec().setHostname(spec.hostname());
        rename(pod, configMapNames, secretNames);
        return new PodManifest(pod, List.copyOf(configMaps), List.copyOf(secrets));
    }

    /** Points the Pod's references at the renamed ConfigMaps and Secrets; others (the cluster's own) stay. */
    private static void rename(Pod pod, Map<String, String> configMaps, Map<String, String> secrets) {
        for (Volume v : list(pod.getSpec().getVolumes())) {
            if (v.getConfigMap() != null) {
                swap(v.getConfigMap()::getName, v.getConfigMap()::setName, configMaps);
            }
            if (v.getSecret() != null) {
                swap(v.getSecret()::getSecretName, v.getSecret()::setSecretName, secrets);
            }
            if (v.getProjected() != null) {
                for (VolumeProjection p : list(v.getProjected().getSources())) {
                    if (p.getConfigMap() != null) {
                        swap(p.getConfigMap()::getName, p.getConfigMap()::setName, configMaps);
                    }
                    if (p.getSecret() != null) {
                        swap(p.getSecret()::getName, p.getSecret()::setName, secrets);
                    }
                }
            }
        }
        Stream.concat(list(pod.getSpec().getInitContainers()).stream(), list(pod.getSpec().getContainers()).stream())
                .forEach(c -> renameIn(c, configMaps, secrets));
    }

    private static void renameIn(Container c, Map<String, String> configMaps, Map<String, String> secrets) {
        for (EnvVar e : list(c.getEnv())) {
            if (e.getValueFrom() == null) {
                continue;
            }
            var cm = e.getValueFrom().getConfigMapKeyRef();
            if (cm != null) {
                swap(cm::getName, cm::setName, configMaps);
            }
            var s = e.getValueFrom().getSecretKeyRef();
            if (s != null) {
                swap(s::getName, s::setName, secrets);
            }
        }
        for (EnvFromSource f : list(c.getEnvFrom())) {
            if (f.getConfigMapRef() != null) {
                swap(f.getConfigMapRef()::getName, f.getConfigMapRef()::setName, configMaps);
            }
            if (f.getSecretRef() != null) {
                swap(f.getSecretRef()::getName, f.getSecretRef()::setName, secrets);
            }
        }
    }

    private static void swap(Supplier<String> get, Consumer<String> set, Map<String, String> names) {
        String renamed = names.get(get.get());
        if (renamed != null) {
            set.accept(renamed);
        }
    }

    private static <T> List<T> list(List<T> list) {
        return list == null ? List.of() : list;
    }
}
