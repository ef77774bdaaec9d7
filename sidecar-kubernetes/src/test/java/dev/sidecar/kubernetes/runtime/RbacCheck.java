package dev.sidecar.kubernetes.runtime;

import io.fabric8.kubernetes.api.model.rbac.PolicyRule;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import io.fabric8.mockwebserver.http.RecordedRequest;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What the API server's RBAC authorizer would decide for a recorded request, given a Role's rules: the request's
 * path and method become the attributes Kubernetes authorizes on (API group, resource, subresource, verb), as in
 * {@code k8s.io/apiserver/pkg/endpoints/request/requestinfo.go}.
 */
final class RbacCheck {

    /** The attributes of one request. */
    record Attributes(String group, String resource, String verb, String namespace) {
        @Override
        public String toString() {
            return verb + " " + resource + (namespace == null ? "" : " in " + namespace);
        }
    }

    private static final Pattern NAMESPACED = Pattern.compile(
            "/api/v1/namespaces/([^/]+)/([^/]+)(?:/([^/]+)(?:/([^/]+))?)?");
    private static final Pattern NAMESPACES = Pattern.compile("/api/v1/namespaces(?:/([^/]+))?");
    private static final Pattern CLUSTER_WIDE = Pattern.compile("/api/v1/([^/]+)");
    private static final Map<String, String> VERBS = Map.of("POST", "create", "PUT", "update", "PATCH", "patch");

    private final List<PolicyRule> rules;

    private RbacCheck(List<PolicyRule> rules) {
        this.rules = List.copyOf(rules);
    }

    /** The rules of the Roles and ClusterRoles in the test resources {@code resources}. */
    static RbacCheck of(String... resources) {
        List<PolicyRule> rules = new ArrayList<>();
        KubernetesSerialization yaml = new KubernetesSerialization();
        for (String r : resources) {
            try (InputStream in = RbacCheck.class.getResourceAsStream(r)) {
                if (in == null) {
                    throw new IllegalArgumentException("no test resource " + r);
                }
                Object role = yaml.unmarshal(in);
                if (role instanceof io.fabric8.kubernetes.api.model.rbac.Role x) {
                    rules.addAll(x.getRules());
                } else if (role instanceof io.fabric8.kubernetes.api.model.rbac.ClusterRole x) {
                    rules.addAll(x.getRules());
                } else {
                    throw new IllegalArgumentException(r + " holds no Role or ClusterRole");
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return new RbacCheck(rules);
    }

    /** The attributes of {@code request}. */
    static Attributes attributes(RecordedRequest request) {
        String full = request.getPath();
        int q = full.indexOf('?');
        String path = q < 0 ? full : full.substring(0, q);
        String query = q < 0 ? "" : full.substring(q + 1);
        String method = request.getMethod();
        Matcher m = NAMESPACED.matcher(path);
        if (m.matches()) {
            String resource = m.group(2) + (m.group(4) == null ? "" : "/" + m.group(4));
            boolean named = m.group(3) != null;
            String verb;
            if ("GET".equals(method)) {
                boolean stream = resource.endsWith("/exec") || resource.endsWith("/portforward")
                        || resource.endsWith("/attach");
                verb = stream ? "create" : named ? "get" : query.contains("watch=true") ? "watch" : "list";
            } else if ("DELETE".equals(method)) {
                verb = named ? "delete" : "deletecollection";
            } else {
                verb = VERBS.getOrDefault(method, method);
            }
            return new Attributes("", resource, verb, m.group(1));
        }
        m = NAMESPACES.matcher(path);
        if (m.matches()) {
            boolean named = m.group(1) != null;
            String verb = switch (method) {
                case "GET" -> named ? "get" : query.contains("watch=true") ? "watch" : "list";
                case "DELETE" -> "delete";
                default -> VERBS.getOrDefault(method, method);
            };
            return new Attributes("", "namespaces", verb, null);
        }
        m = CLUSTER_WIDE.matcher(path);
        if (m.matches()) {
            return new Attributes("", m.group(1), query.contains("watch=true") ? "watch" : "list", null);
        }
        throw new IllegalArgumentException("no RBAC attributes known for " + method + " " + full);
    }

    /** Whether a rule allows {@code a}. */
    boolean allows(Attributes a) {
        return rules.stream().anyMatch(r -> matches(r.getApiGroups(), a.group())
                && matches(r.getResources(), a.resource()) && matches(r.getVerbs(), a.verb()));
    }

    private static boolean matches(List<String> allowed, String value) {
        return allowed != null && (allowed.contains("*") || allowed.contains(value));
    }
}
