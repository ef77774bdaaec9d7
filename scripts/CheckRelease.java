import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.jar.JarFile;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import javax.xml.parsers.DocumentBuilderFactory;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.w3c.dom.NodeList;

/**
 * Checks a staging repository (what mvn deploy wrote for a release) against what Maven Central requires, run by
 * scripts/check-release.sh with Java's single-file launcher:
 * {@code java scripts/CheckRelease.java ROOT STAGING}.
 *
 * <p>The modules to publish are the reactor's (ROOT/pom.xml and its modules) less those that set
 * {@code maven.deploy.skip}. Each must be staged with its pom, and a jar module with its jar, sources jar and
 * javadoc jar; every file with its .asc signature and .md5 and .sha1 checksums; every pom with Central's metadata
 * (name, description, url, a license with name and url, a developer, scm url and connection), its own or its
 * parent's; every jar with an Automatic-Module-Name of its own. The BOM must have no parent, the project's version,
 * and list exactly the published jar modules; no published pom may hand JUnit on to its users.
 */
public final class CheckRelease {

    private static final Pattern MODULE_NAME = Pattern.compile("[a-z][a-z0-9_]*(\\.[a-z][a-z0-9_]*)*");
    private static final List<String> PROBLEMS = new ArrayList<>();

    public static void main(String[] args) throws Exception {
        if (args.length != 2) {
            System.err.println("usage: java scripts/CheckRelease.java ROOT STAGING");
            System.exit(2);
        }
        Path root = Path.of(args[0]);
        Path staging = Path.of(args[1]);

        Element parent = read(root.resolve("pom.xml"));
        String groupId = text(parent, "groupId");
        String version = text(parent, "version");
        Map<String, Element> published = new TreeMap<>();
        Set<String> skipped = new TreeSet<>();
        published.put(text(parent, "artifactId"), parent);
        for (Element module : children(child(parent, "modules"), "module")) {
            Element pom = read(root.resolve(module.getTextContent().strip()).resolve("pom.xml"));
            Element properties = child(pom, "properties");
            if ("true".equals(text(properties, "maven.deploy.skip"))) {
                skipped.add(text(pom, "artifactId"));
            } else {
                published.put(text(pom, "artifactId"), pom);
            }
        }

        Path group = staging.resolve(groupId.replace('.', '/'));
        Set<String> staged = new TreeSet<>();
        if (Files.isDirectory(group)) {
            try (Stream<Path> dirs = Files.list(group)) {
                dirs.filter(Files::isDirectory).forEach(dir -> staged.add(dir.getFileName().toString()));
            }
        }
        if (!staged.equals(published.keySet())) {
            problem("staged " + staged + ", but the modules to publish are " + published.keySet()
                    + " (not published: " + skipped + ")");
        }

        Map<String, String> moduleNames = new HashMap<>();
        for (Map.Entry<String, Element> entry : published.entrySet()) {
            String artifactId = entry.getKey();
            String packaging = text(entry.getValue(), "packaging").isEmpty() ? "jar" : text(entry.getValue(), "packaging");
            Path dir = group.resolve(artifactId).resolve(version);
            List<String> kinds = packaging.equals("jar")
                    ? List.of(".pom", ".jar", "-sources.jar", "-javadoc.jar") : List.of(".pom");
            List<String> found = new ArrayList<>();
            for (String kind : kinds) {
                Path file = artifact(dir, artifactId, version, kind);
                if (file == null) {
                    problem(groupId + ":" + artifactId + ":" + version + " has no " + kind.substring(1) + " in " + dir);
                    continue;
                }
                found.add(kind.substring(1));
                for (String sidecar : List.of(".asc", ".md5", ".sha1")) {
                    if (!Files.isRegularFile(file.resolveSibling(file.getFileName() + sidecar))) {
                        problem(file + " has no " + sidecar);
                    }
                }
                if (kind.equals(".pom")) {
                    checkPom(file, artifactId, version, published);
                } else {
                    checkJar(file, kind, artifactId, moduleNames);
                }
            }
            System.out.println("[release] " + groupId + ":" + artifactId + ":" + version + " (" + packaging + "): "
                    + String.join(", ", found) + ", each with .asc, .md5, .sha1");
        }
        checkBom(root, published, version);

        Element scm = child(parent, "scm");
        System.out.println("[release] metadata: url " + text(parent, "url") + ", scm " + text(scm, "url")
                + ", license " + text(child(child(parent, "licenses"), "license"), "name") + ", developer "
                + text(child(child(parent, "developers"), "developer"), "name")
                + " (check the addresses before the first release)");
        System.out.println("[release] not published: " + skipped);
        if (!PROBLEMS.isEmpty()) {
            PROBLEMS.forEach(p -> System.err.println("[release] ERROR: " + p));
            System.exit(1);
        }
    }

    /** The staged file of one kind: a release's plain name, or a snapshot's timestamped one. */
    private static Path artifact(Path dir, String artifactId, String version, String kind) throws IOException {
        String base = version.endsWith("-SNAPSHOT") ? version.substring(0, version.length() - 9) : version;
        String stamp = version.endsWith("-SNAPSHOT") ? "-\\d{8}\\.\\d{6}-\\d+" : "";
        Pattern name = Pattern.compile(Pattern.quote(artifactId + "-" + base) + stamp + Pattern.quote(kind));
        if (!Files.isDirectory(dir)) {
            return null;
        }
        try (Stream<Path> files = Files.list(dir)) {
            return files.filter(f -> name.matcher(f.getFileName().toString()).matches()).sorted()
                    .reduce((a, b) -> b).orElse(null);
        }
    }

    private static void checkPom(Path file, String artifactId, String version, Map<String, Element> published)
            throws Exception {
        Element pom = read(file);
        Element parentRef = child(pom, "parent");
        Element parent = parentRef == null ? null : published.get(text(parentRef, "artifactId"));
        if (parentRef != null && parent == null) {
            problem(file + " has a parent that is not published: " + text(parentRef, "artifactId"));
        }
        for (String field : List.of("name", "description", "url")) {
            if (inherited(pom, parent, field).isEmpty()) {
                problem(file + " has no <" + field + ">");
            }
        }
        Element license = child(child(orParent(pom, parent, "licenses"), "licenses"), "license");
        if (text(license, "name").isEmpty() || text(license, "url").isEmpty()) {
            problem(file + " has no <license> with name and url");
        }
        Element developer = child(child(orParent(pom, parent, "developers"), "developers"), "developer");
        if (text(developer, "name").isEmpty() && text(developer, "id").isEmpty()) {
            problem(file + " has no <developer>");
        }
        Element scm = child(orParent(pom, parent, "scm"), "scm");
        if (text(scm, "url").isEmpty() || text(scm, "connection").isEmpty()) {
            problem(file + " has no <scm> with url and connection");
        }
        String ownVersion = text(pom, "version").isEmpty() ? text(parentRef, "version") : text(pom, "version");
        if (!ownVersion.equals(version)) {
            problem(file + " has version " + ownVersion + ", the project " + version);
        }
        // The user's JUnit decides: a published module hands no JUnit artifact on (only provided or test scope).
        for (Element dependency : children(child(pom, "dependencies"), "dependency")) {
            String scope = text(dependency, "scope");
            if (text(dependency, "groupId").startsWith("org.junit")
                    && !scope.equals("provided") && !scope.equals("test")) {
                problem(file + " hands " + text(dependency, "groupId") + ":" + text(dependency, "artifactId")
                        + " on to its users (scope " + (scope.isEmpty() ? "compile" : scope)
                        + "): the user's JUnit must decide");
            }
        }
    }

    private static void checkJar(Path file, String kind, String artifactId, Map<String, String> moduleNames)
            throws IOException {
        try (JarFile jar = new JarFile(file.toFile())) {
            List<String> entries = jar.stream().map(e -> e.getName()).toList();
            switch (kind) {
                case ".jar" -> {
                    if (entries.stream().noneMatch(e -> e.endsWith(".class"))) {
                        problem(file + " has no class");
                    }
                    String name = jar.getManifest() == null ? null
                            : jar.getManifest().getMainAttributes().getValue("Automatic-Module-Name");
                    if (name == null || !MODULE_NAME.matcher(name).matches()) {
                        problem(file + " has no valid Automatic-Module-Name (found " + name + ")");
                    } else if (moduleNames.putIfAbsent(name, artifactId) != null) {
                        problem(file + " has Automatic-Module-Name " + name + ", as " + moduleNames.get(name) + " has");
                    } else {
                        System.out.println("[release] " + artifactId + ": Automatic-Module-Name " + name);
                    }
                }
                case "-sources.jar" -> {
                    if (entries.stream().noneMatch(e -> e.endsWith(".java"))) {
                        problem(file + " has no Java source");
                    }
                }
                case "-javadoc.jar" -> {
                    if (!entries.contains("index.html")) {
                        problem(file + " has no index.html");
                    }
                }
                default -> throw new IllegalArgumentException(kind);
            }
        }
    }

    /** The BOM stands alone (importing it must pin nothing but sidecar) and lists every published jar module. */
    private static void checkBom(Path root, Map<String, Element> published, String version) throws Exception {
        Element bom = published.get("sidecar-bom");
        if (bom == null) {
            problem("sidecar-bom is not published");
            return;
        }
        if (child(bom, "parent") != null) {
            problem("sidecar-bom has a parent: importing it would import the parent's dependencyManagement too");
        }
        if (!text(bom, "version").equals(version)) {
            problem("sidecar-bom has version " + text(bom, "version") + ", the project " + version
                    + ": change sidecar-bom/pom.xml with the parent");
        }
        Set<String> listed = new TreeSet<>();
        for (Element dependency : children(child(child(bom, "dependencyManagement"), "dependencies"), "dependency")) {
            listed.add(text(dependency, "artifactId"));
            String pinned = text(dependency, "version");
            if (!pinned.equals("${project.version}") && !pinned.equals(version)) {
                problem("sidecar-bom pins " + text(dependency, "artifactId") + " at " + pinned);
            }
        }
        Set<String> jars = new TreeSet<>();
        published.forEach((artifactId, pom) -> {
            String packaging = text(pom, "packaging");
            if (packaging.isEmpty() || packaging.equals("jar")) {
                jars.add(artifactId);
            }
        });
        if (!listed.equals(jars)) {
            problem("sidecar-bom lists " + listed + ", but the published jar modules are " + jars);
        } else {
            System.out.println("[release] sidecar-bom: no parent, lists " + listed);
        }
    }

    private static String inherited(Element pom, Element parent, String field) {
        String own = text(pom, field);
        return own.isEmpty() && parent != null ? text(parent, field) : own;
    }

    private static Element orParent(Element pom, Element parent, String field) {
        return child(pom, field) == null && parent != null ? parent : pom;
    }

    private static Element read(Path pom) throws Exception {
        DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
        try (InputStream in = Files.newInputStream(pom)) {
            Document document = factory.newDocumentBuilder().parse(in);
            return document.getDocumentElement();
        }
    }

    private static Element child(Element parent, String name) {
        List<Element> children = children(parent, name);
        return children.isEmpty() ? null : children.get(0);
    }

    private static List<Element> children(Element parent, String name) {
        List<Element> children = new ArrayList<>();
        if (parent == null) {
            return children;
        }
        NodeList nodes = parent.getChildNodes();
        for (int i = 0; i < nodes.getLength(); i++) {
            Node node = nodes.item(i);
            if (node instanceof Element element && element.getTagName().equals(name)) {
                children.add(element);
            }
        }
        return children;
    }

    private static String text(Element parent, String name) {
        Element child = child(parent, name);
        return child == null ? "" : child.getTextContent().strip();
    }

    private static void problem(String message) {
        PROBLEMS.add(message);
    }

    private CheckRelease() {
    }
}
