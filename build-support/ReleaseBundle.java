import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import java.util.zip.ZipOutputStream;
import javax.xml.parsers.DocumentBuilderFactory;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.w3c.dom.NodeList;

/**
 * Stages one published module into the Central bundle and checks what it staged (run by the
 * parent POM's release profile in each published module's verify phase).
 *
 * <p>Copies the module's flattened POM, its jar, sources and javadoc jars (a jar module) and any
 * signatures into {@code <bundle>/<group path>/<artifactId>/<version>/} under the names Central
 * expects, writes md5, sha1, sha256 and sha512 files beside each, then checks the module's files
 * against Central's requirements and rewrites {@code <bundle>.zip}. Fails, naming every problem,
 * when something is missing or wrong.
 *
 * <p>{@code java ReleaseBundle.java <bundle dir> <groupId> <artifactId> <version> <packaging>
 * <build dir> <final name> <signatures skipped>}
 */
public final class ReleaseBundle {

    private static final Map<String, String> DIGESTS = Map.of(
            "md5", "MD5", "sha1", "SHA-1", "sha256", "SHA-256", "sha512", "SHA-512");
    private static final FileTime ZIP_TIME = FileTime.fromMillis(0);

    private ReleaseBundle() {
    }

    public static void main(String[] args) throws Exception {
        Path bundle = Path.of(args[0]);
        String groupId = args[1];
        String artifactId = args[2];
        String version = args[3];
        String packaging = args[4];
        Path buildDir = Path.of(args[5]);
        String finalName = args[6];
        boolean signed = !Boolean.parseBoolean(args[7]);

        Path stage = bundle.resolve(groupId.replace('.', '/')).resolve(artifactId).resolve(version);
        Files.createDirectories(stage);
        String base = artifactId + "-" + version;
        List<String> problems = new ArrayList<>();

        List<Path> staged = new ArrayList<>();
        staged.add(copy(buildDir.resolve("flattened-pom.xml"), stage.resolve(base + ".pom"), problems));
        if (packaging.equals("jar")) {
            for (String suffix : List.of("", "-sources", "-javadoc")) {
                staged.add(copy(buildDir.resolve(finalName + suffix + ".jar"), stage.resolve(base + suffix + ".jar"), problems));
            }
        }
        staged.removeIf(p -> p == null);
        for (Path file : staged) {
            Path signature = buildDir.resolve("gpg").resolve(file.getFileName() + ".asc");
            if (Files.exists(signature)) {
                Files.copy(signature, stage.resolve(file.getFileName() + ".asc"), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
            }
            for (Map.Entry<String, String> digest : DIGESTS.entrySet()) {
                Files.writeString(stage.resolve(file.getFileName() + "." + digest.getKey()), hex(file, digest.getValue()));
            }
        }

        checkPom(stage.resolve(base + ".pom"), groupId, artifactId, version, bundle, problems);
        if (packaging.equals("jar")) {
            checkJar(stage.resolve(base + ".jar"), "META-INF/MANIFEST.MF", ".class", problems);
            checkJar(stage.resolve(base + "-sources.jar"), null, ".java", problems);
            checkJar(stage.resolve(base + "-javadoc.jar"), "index.html", ".html", problems);
        }
        for (Path file : staged) {
            for (Map.Entry<String, String> digest : DIGESTS.entrySet()) {
                Path sum = stage.resolve(file.getFileName() + "." + digest.getKey());
                if (!Files.readString(sum).equals(hex(file, digest.getValue()))) {
                    problems.add(sum.getFileName() + " does not match " + file.getFileName());
                }
            }
            if (signed && !Files.exists(stage.resolve(file.getFileName() + ".asc"))) {
                problems.add(file.getFileName() + " is not signed (no .asc); signing is on (no -Dgpg.skip)");
            }
        }

        zip(bundle, Path.of(bundle + ".zip"));
        if (!problems.isEmpty()) {
            System.out.println("The release bundle's " + artifactId + " is not what Central accepts:");
            problems.forEach(p -> System.out.println("  - " + p));
            System.exit(1);
        }
        try (Stream<Path> files = Files.list(stage)) {
            System.out.println("[bundle] " + artifactId + ": " + files.map(p -> p.getFileName().toString())
                    .filter(n -> !DIGESTS.keySet().contains(n.substring(n.lastIndexOf('.') + 1)))
                    .sorted().collect(Collectors.joining(", ")) + " (each with md5, sha1, sha256, sha512) in " + bundle + ".zip");
        }
    }

    private static Path copy(Path from, Path to, List<String> problems) throws IOException {
        if (!Files.isRegularFile(from)) {
            problems.add("missing " + from.getFileName() + " (looked in " + from.getParent() + ")");
            return null;
        }
        Files.copy(from, to, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        return to;
    }

    private static String hex(Path file, String algorithm) throws IOException, NoSuchAlgorithmException {
        MessageDigest digest = MessageDigest.getInstance(algorithm);
        try (InputStream in = Files.newInputStream(file)) {
            byte[] buffer = new byte[65536];
            for (int n; (n = in.read(buffer)) > 0; ) {
                digest.update(buffer, 0, n);
            }
        }
        return HexFormat.of().formatHex(digest.digest());
    }

    /** Central's POM rules, and ours: standalone, complete, interpolated, pointing only at the bundle. */
    private static void checkPom(Path pomFile, String groupId, String artifactId, String version, Path bundle,
                                 List<String> problems) throws Exception {
        if (!Files.exists(pomFile)) {
            return;
        }
        // ${project.version} is the one expression allowed: the BOM's, resolved when it is imported.
        String text = Files.readString(pomFile).replace("${project.version}", version);
        if (text.contains("${")) {
            problems.add("the POM has an unresolved ${...} expression (is -Ddbops.project.url set?)");
        }
        DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
        factory.setNamespaceAware(false);
        Document pom = factory.newDocumentBuilder().parse(pomFile.toFile());
        Element project = pom.getDocumentElement();
        if (child(project, "parent") != null) {
            problems.add("the POM names a parent: it must be flattened");
        }
        expect(project, problems, "groupId", groupId);
        expect(project, problems, "artifactId", artifactId);
        expect(project, problems, "version", version);
        for (String required : List.of("name", "description", "url", "licenses/license/name", "licenses/license/url",
                "developers/developer/name", "scm/url", "scm/connection", "scm/developerConnection")) {
            if (value(project, required).isBlank()) {
                problems.add("the POM has no " + required.replace('/', '>'));
            }
        }
        Set<String> ours = new TreeSet<>();
        NodeList dependencies = pom.getElementsByTagName("dependency");
        for (int i = 0; i < dependencies.getLength(); i++) {
            Element dependency = (Element) dependencies.item(i);
            String coordinates = value(dependency, "groupId") + ":" + value(dependency, "artifactId");
            String dependencyVersion = value(dependency, "version").replace("${project.version}", version);
            if (dependencyVersion.isBlank()) {
                problems.add(coordinates + " has no version in the POM");
            } else if (dependencyVersion.endsWith("-SNAPSHOT") && !dependencyVersion.equals(version)) {
                problems.add(coordinates + " is a snapshot: " + dependencyVersion);
            }
            if ("test".equals(value(dependency, "scope"))) {
                problems.add(coordinates + " is a test dependency in the published POM");
            }
            if (value(dependency, "groupId").equals(groupId)) {
                ours.add(value(dependency, "artifactId"));
            }
        }
        // Our own artifacts that this POM names must be in the bundle (libraries are staged first).
        Path group = bundle.resolve(groupId.replace('.', '/'));
        Set<String> staged;
        try (Stream<Path> dirs = Files.list(group)) {
            staged = dirs.map(p -> p.getFileName().toString()).collect(Collectors.toCollection(TreeSet::new));
        }
        for (String artifact : ours) {
            if (!staged.contains(artifact)) {
                problems.add("it names " + groupId + ":" + artifact + ", which is not in the bundle");
            }
        }
        // The BOM comes after the libraries and must pin every one of them.
        if (child(project, "dependencyManagement") != null) {
            Set<String> unpinned = new TreeSet<>(staged);
            unpinned.remove(artifactId);
            unpinned.removeAll(ours);
            if (!unpinned.isEmpty()) {
                problems.add("the BOM does not pin " + unpinned + ", published in the same bundle");
            }
        }
    }

    private static void checkJar(Path jar, String requiredEntry, String requiredSuffix, List<String> problems) throws IOException {
        if (!Files.exists(jar)) {
            return;
        }
        try (ZipFile zip = new ZipFile(jar.toFile())) {
            List<String> names = zip.stream().map(ZipEntry::getName).collect(Collectors.toList());
            if (requiredEntry != null && !names.contains(requiredEntry)) {
                problems.add(jar.getFileName() + " has no " + requiredEntry);
            }
            if (names.stream().noneMatch(n -> n.endsWith(requiredSuffix))) {
                problems.add(jar.getFileName() + " has no " + requiredSuffix + " file");
            }
        }
    }

    private static void expect(Element project, List<String> problems, String path, String expected) {
        if (!expected.equals(value(project, path))) {
            problems.add("the POM's " + path + " is " + value(project, path) + ", not " + expected);
        }
    }

    private static Element child(Element parent, String name) {
        for (Node n = parent.getFirstChild(); n != null; n = n.getNextSibling()) {
            if (n instanceof Element && n.getNodeName().equals(name)) {
                return (Element) n;
            }
        }
        return null;
    }

    private static String value(Element from, String path) {
        Element current = from;
        for (String step : path.split("/")) {
            current = child(current, step);
            if (current == null) {
                return "";
            }
        }
        return current.getTextContent().trim();
    }

    /** A zip of the bundle directory with sorted entries and fixed times: the same bundle, the same bytes. */
    private static void zip(Path bundle, Path zipFile) throws IOException {
        List<Path> files;
        try (Stream<Path> walk = Files.walk(bundle)) {
            files = walk.filter(Files::isRegularFile).sorted().collect(Collectors.toList());
        }
        try (OutputStream out = Files.newOutputStream(zipFile); ZipOutputStream zip = new ZipOutputStream(out)) {
            for (Path file : files) {
                ZipEntry entry = new ZipEntry(bundle.relativize(file).toString().replace('\\', '/'));
                entry.setLastModifiedTime(ZIP_TIME);
                zip.putNextEntry(entry);
                Files.copy(file, zip);
                zip.closeEntry();
            }
        }
    }
}
