import java.io.IOException;
import java.lang.module.ModuleDescriptor;
import java.lang.reflect.Constructor;
import java.lang.reflect.Executable;
import java.lang.reflect.Field;
import java.lang.reflect.GenericArrayType;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.Type;
import java.lang.reflect.TypeVariable;
import java.lang.reflect.WildcardType;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * The API guard of a published module (run by the parent POM in the verify phase).
 *
 * <p>Writes the public API of the compiled classes as text: every public or protected type of the
 * exported packages, then its public and protected constructors, methods and fields, one line
 * each, with generic signatures, sorted. The exported packages are those of module-info.class when
 * there is one, otherwise every package without an {@code internal} segment. Public members that a
 * public type inherits from a package-private superclass are listed under the public type, since
 * users call them there.
 *
 * <p>Compares that text with the checked-in dump and fails with the difference, or, when asked to
 * update, rewrites the dump. Reflection only, nothing initialised; run it with the module's compile
 * class path: {@code java ApiDump.java <classes dir> <dump file> <report file> <update> <artifactId>}.
 */
public final class ApiDump {

    private ApiDump() {
    }

    public static void main(String[] args) throws Exception {
        Path classes = Path.of(args[0]);
        Path dumpFile = Path.of(args[1]);
        Path reportFile = Path.of(args[2]);
        boolean update = args[3].isEmpty() || Boolean.parseBoolean(args[3]);
        String artifactId = args[4];

        String actual = dump(classes);
        Files.createDirectories(reportFile.getParent());
        String module = dumpFile.toAbsolutePath().getParent().getParent().getFileName().toString();
        String regenerate = "mvn -B -q -pl " + module + " -am verify -DskipTests -Dapi.dump.update";

        if (update) {
            Files.createDirectories(dumpFile.getParent());
            Files.writeString(dumpFile, actual, StandardCharsets.UTF_8);
            report(reportFile, "[api] wrote " + dumpFile);
            return;
        }
        if (!Files.exists(dumpFile)) {
            report(reportFile, artifactId + " has no API dump yet (" + dumpFile + ").\n"
                    + "Create it, review it and commit it:\n  " + regenerate);
            System.exit(1);
        }
        String expected = Files.readString(dumpFile, StandardCharsets.UTF_8);
        if (expected.equals(actual)) {
            report(reportFile, "[api] " + artifactId + ": public API matches " + dumpFile.getFileName());
            return;
        }
        report(reportFile, "The public API of " + artifactId + " differs from " + module + "/api/"
                + dumpFile.getFileName() + " (- in the dump, + in the code):\n"
                + diff(expected.lines().collect(Collectors.toList()), actual.lines().collect(Collectors.toList()))
                + "\nIf the change is intended (and compatible, or the version says it is not), regenerate the"
                + " dump and commit it with the change:\n  " + regenerate);
        System.exit(1);
    }

    private static void report(Path reportFile, String text) throws IOException {
        Files.writeString(reportFile, text + "\n", StandardCharsets.UTF_8);
        System.out.println(text);
    }

    static String dump(Path classes) throws Exception {
        Set<String> exported = exportedPackages(classes);
        List<Class<?>> types = new ArrayList<>();
        try (Stream<Path> files = Files.walk(classes)) {
            for (Path file : (Iterable<Path>) files::iterator) {
                String relative = classes.relativize(file).toString().replace('\\', '/');
                if (!relative.endsWith(".class") || relative.endsWith("module-info.class")
                        || relative.endsWith("package-info.class")) {
                    continue;
                }
                String name = relative.substring(0, relative.length() - ".class".length()).replace('/', '.');
                String pkg = name.contains(".") ? name.substring(0, name.lastIndexOf('.')) : "";
                if (!exported.contains(pkg)) {
                    continue;
                }
                Class<?> type = Class.forName(name, false, ApiDump.class.getClassLoader());
                if (isVisible(type)) {
                    types.add(type);
                }
            }
        }
        Map<String, List<String>> byType = new TreeMap<>();
        for (Class<?> type : types) {
            byType.put(type.getName(), describe(type));
        }
        StringBuilder out = new StringBuilder();
        for (List<String> lines : byType.values()) {
            lines.forEach(line -> out.append(line).append('\n'));
            out.append('\n');
        }
        return out.toString();
    }

    private static Set<String> exportedPackages(Path classes) throws IOException {
        Path moduleInfo = classes.resolve("module-info.class");
        if (Files.exists(moduleInfo)) {
            try (var in = Files.newInputStream(moduleInfo)) {
                return ModuleDescriptor.read(in).exports().stream()
                        .filter(e -> !e.isQualified())
                        .map(ModuleDescriptor.Exports::source)
                        .collect(Collectors.toCollection(TreeSet::new));
            }
        }
        Set<String> packages = new TreeSet<>();
        try (Stream<Path> files = Files.walk(classes)) {
            files.filter(f -> f.toString().endsWith(".class"))
                    .map(f -> classes.relativize(f.getParent() == null ? classes : f.getParent()).toString()
                            .replace('\\', '/').replace('/', '.'))
                    .filter(p -> !Arrays.asList(p.split("\\.")).contains("internal"))
                    .forEach(packages::add);
        }
        return packages;
    }

    /** A type users can name: public, or protected, all the way out. */
    private static boolean isVisible(Class<?> type) {
        if (type.isAnonymousClass() || type.isLocalClass() || type.isSynthetic()) {
            return false;
        }
        for (Class<?> t = type; t != null; t = t.getDeclaringClass()) {
            int m = t.getModifiers();
            if (!Modifier.isPublic(m) && !(Modifier.isProtected(m) && t.getDeclaringClass() != null)) {
                return false;
            }
        }
        return true;
    }

    private static boolean isVisibleMember(int modifiers) {
        return Modifier.isPublic(modifiers) || Modifier.isProtected(modifiers);
    }

    private static List<String> describe(Class<?> type) {
        List<String> lines = new ArrayList<>();
        lines.add(header(type));
        Set<String> members = new TreeSet<>();
        Set<String> methodKeys = new TreeSet<>();
        Map<TypeVariable<?>, Type> noBindings = Map.of();
        for (Field f : type.getDeclaredFields()) {
            if (!f.isSynthetic() && isVisibleMember(f.getModifiers())) {
                members.add("  " + modifiers(f.getModifiers()) + render(f.getGenericType(), noBindings) + " " + f.getName());
            }
        }
        for (Constructor<?> c : type.getDeclaredConstructors()) {
            if (!c.isSynthetic() && isVisibleMember(c.getModifiers())) {
                members.add("  " + modifiers(c.getModifiers()) + typeParameters(c.getTypeParameters(), noBindings)
                        + type.getSimpleName() + parameters(c, noBindings) + exceptions(c, noBindings));
            }
        }
        for (Method m : type.getDeclaredMethods()) {
            if (!m.isSynthetic() && !m.isBridge() && isVisibleMember(m.getModifiers())) {
                members.add(method(m, noBindings));
                methodKeys.add(key(m));
            }
        }
        // Public members inherited from package-private superclasses: callable on this type.
        Map<TypeVariable<?>, Type> bindings = new HashMap<>();
        Class<?> current = type;
        while (current.getSuperclass() != null && !isVisible(current.getSuperclass())) {
            Type generic = current.getGenericSuperclass();
            Class<?> hidden = current.getSuperclass();
            if (generic instanceof ParameterizedType) {
                Type[] arguments = ((ParameterizedType) generic).getActualTypeArguments();
                TypeVariable<?>[] variables = hidden.getTypeParameters();
                Map<TypeVariable<?>, Type> next = new HashMap<>(bindings);
                for (int i = 0; i < variables.length; i++) {
                    next.put(variables[i], substitute(arguments[i], bindings));
                }
                bindings = next;
            }
            for (Method m : hidden.getDeclaredMethods()) {
                if (!m.isSynthetic() && !m.isBridge() && isVisibleMember(m.getModifiers()) && methodKeys.add(key(m))) {
                    members.add(method(m, bindings));
                }
            }
            for (Field f : hidden.getDeclaredFields()) {
                if (!f.isSynthetic() && isVisibleMember(f.getModifiers())) {
                    members.add("  " + modifiers(f.getModifiers()) + render(f.getGenericType(), bindings) + " " + f.getName());
                }
            }
            current = hidden;
        }
        lines.addAll(members);
        return lines;
    }

    private static String key(Method m) {
        return m.getName() + Arrays.stream(m.getParameterTypes()).map(Class::getName).collect(Collectors.joining(",", "(", ")"));
    }

    private static String method(Method m, Map<TypeVariable<?>, Type> bindings) {
        String mods = modifiers(m.getModifiers());
        if (m.isDefault()) {
            mods = mods + "default ";
        }
        return "  " + mods + typeParameters(m.getTypeParameters(), bindings) + render(m.getGenericReturnType(), bindings)
                + " " + m.getName() + parameters(m, bindings) + exceptions(m, bindings);
    }

    private static String header(Class<?> type) {
        StringBuilder h = new StringBuilder();
        int mods = type.getModifiers() & (Modifier.PUBLIC | Modifier.PROTECTED | Modifier.STATIC | Modifier.FINAL | Modifier.ABSTRACT);
        String kind;
        if (type.isAnnotation()) {
            kind = "@interface";
            mods &= ~Modifier.ABSTRACT;
        } else if (type.isInterface()) {
            kind = "interface";
            mods &= ~Modifier.ABSTRACT;
        } else if (type.isEnum()) {
            kind = "enum";
            mods &= ~(Modifier.FINAL | Modifier.ABSTRACT);
        } else if (type.isRecord()) {
            kind = "record";
            mods &= ~Modifier.FINAL;
        } else {
            kind = "class";
        }
        if (type.getDeclaringClass() != null && (type.isInterface() || type.isEnum() || type.isRecord())) {
            mods &= ~Modifier.STATIC;
        }
        h.append(modifiers(mods));
        if (type.isSealed()) {
            h.append("sealed ");
        }
        h.append(kind).append(' ').append(name(type)).append(typeParameters(type.getTypeParameters(), Map.of()).stripTrailing());
        Map<TypeVariable<?>, Type> none = Map.of();
        if (!type.isInterface() && !type.isEnum() && !type.isRecord()) {
            Type superType = type.getGenericSuperclass();
            Class<?> superClass = type.getSuperclass();
            while (superClass != null && !isVisible(superClass)) {
                superType = superClass.getGenericSuperclass();
                superClass = superClass.getSuperclass();
            }
            if (superClass != null && superClass != Object.class) {
                h.append(" extends ").append(render(superType, none));
            }
        }
        List<String> interfaces = new ArrayList<>();
        for (Type i : type.getGenericInterfaces()) {
            Class<?> raw = i instanceof ParameterizedType ? (Class<?>) ((ParameterizedType) i).getRawType() : (Class<?>) i;
            if (isVisible(raw) && raw != java.lang.annotation.Annotation.class) {
                interfaces.add(render(i, none));
            }
        }
        if (!interfaces.isEmpty()) {
            h.append(type.isInterface() ? " extends " : " implements ").append(String.join(", ", interfaces));
        }
        if (type.isSealed()) {
            h.append(" permits ").append(Arrays.stream(type.getPermittedSubclasses()).map(ApiDump::name).sorted()
                    .collect(Collectors.joining(", ")));
        }
        return h.toString();
    }

    private static String modifiers(int modifiers) {
        String s = Modifier.toString(modifiers & (Modifier.PUBLIC | Modifier.PROTECTED | Modifier.STATIC
                | Modifier.FINAL | Modifier.ABSTRACT));
        return s.isEmpty() ? "" : s + " ";
    }

    private static String typeParameters(TypeVariable<?>[] variables, Map<TypeVariable<?>, Type> bindings) {
        if (variables.length == 0) {
            return "";
        }
        return Arrays.stream(variables).map(v -> {
            List<String> bounds = Arrays.stream(v.getBounds()).filter(b -> b != Object.class)
                    .map(b -> render(b, bindings)).collect(Collectors.toList());
            return bounds.isEmpty() ? v.getName() : v.getName() + " extends " + String.join(" & ", bounds);
        }).collect(Collectors.joining(", ", "<", "> "));
    }

    private static String parameters(Executable e, Map<TypeVariable<?>, Type> bindings) {
        Type[] types = e.getGenericParameterTypes();
        if (types.length != e.getParameterCount()) {
            // Inner-class constructors and enums: generic info omits synthetic parameters.
            types = e.getParameterTypes();
        }
        List<String> rendered = new ArrayList<>();
        for (int i = 0; i < types.length; i++) {
            String t = render(types[i], bindings);
            if (e.isVarArgs() && i == types.length - 1 && t.endsWith("[]")) {
                t = t.substring(0, t.length() - 2) + "...";
            }
            rendered.add(t);
        }
        return rendered.stream().collect(Collectors.joining(", ", "(", ")"));
    }

    private static String exceptions(Executable e, Map<TypeVariable<?>, Type> bindings) {
        Type[] thrown = e.getGenericExceptionTypes();
        if (thrown.length == 0) {
            return "";
        }
        return Arrays.stream(thrown).map(t -> render(t, bindings)).sorted().collect(Collectors.joining(", ", " throws ", ""));
    }

    private static Type substitute(Type type, Map<TypeVariable<?>, Type> bindings) {
        return type instanceof TypeVariable && bindings.containsKey(type) ? bindings.get(type) : type;
    }

    private static String name(Class<?> type) {
        if (type.isArray()) {
            return name(type.getComponentType()) + "[]";
        }
        String canonical = type.getCanonicalName();
        return canonical != null ? canonical : type.getName();
    }

    private static String render(Type type, Map<TypeVariable<?>, Type> bindings) {
        if (type instanceof Class) {
            return name((Class<?>) type);
        }
        if (type instanceof TypeVariable) {
            Type bound = bindings.get(type);
            return bound != null ? render(bound, Map.of()) : ((TypeVariable<?>) type).getName();
        }
        if (type instanceof ParameterizedType) {
            ParameterizedType p = (ParameterizedType) type;
            Class<?> raw = (Class<?>) p.getRawType();
            String prefix;
            if (p.getOwnerType() instanceof ParameterizedType) {
                prefix = render(p.getOwnerType(), bindings) + "." + raw.getSimpleName();
            } else {
                prefix = name(raw);
            }
            return prefix + Arrays.stream(p.getActualTypeArguments()).map(a -> render(a, bindings))
                    .collect(Collectors.joining(", ", "<", ">"));
        }
        if (type instanceof WildcardType) {
            WildcardType w = (WildcardType) type;
            if (w.getLowerBounds().length > 0) {
                return "? super " + render(w.getLowerBounds()[0], bindings);
            }
            Type[] upper = w.getUpperBounds();
            return upper.length == 0 || upper[0] == Object.class ? "?" : "? extends " + render(upper[0], bindings);
        }
        if (type instanceof GenericArrayType) {
            return render(((GenericArrayType) type).getGenericComponentType(), bindings) + "[]";
        }
        return type.getTypeName();
    }

    /** The lines only in {@code before} (-) and only in {@code after} (+), each under its type's line. */
    static String diff(List<String> before, List<String> after) {
        int n = before.size();
        int m = after.size();
        int[][] common = new int[n + 1][m + 1];
        for (int i = n - 1; i >= 0; i--) {
            for (int j = m - 1; j >= 0; j--) {
                common[i][j] = before.get(i).equals(after.get(j))
                        ? common[i + 1][j + 1] + 1
                        : Math.max(common[i + 1][j], common[i][j + 1]);
            }
        }
        StringBuilder out = new StringBuilder();
        String header = null;
        String printedHeader = null;
        int i = 0;
        int j = 0;
        while (i < n || j < m) {
            String line;
            char sign;
            if (i < n && j < m && before.get(i).equals(after.get(j))) {
                line = before.get(i);
                sign = ' ';
                i++;
                j++;
            } else if (i < n && (j == m || common[i + 1][j] >= common[i][j + 1])) {
                line = before.get(i++);
                sign = '-';
            } else {
                line = after.get(j++);
                sign = '+';
            }
            boolean isHeader = !line.isEmpty() && !line.startsWith(" ");
            if (sign == ' ') {
                if (isHeader) {
                    header = line;
                }
                continue;
            }
            if (line.isEmpty()) {
                continue;
            }
            if (!isHeader && header != null && !header.equals(printedHeader)) {
                out.append("  ").append(header).append('\n');
                printedHeader = header;
            }
            if (isHeader) {
                printedHeader = line;
                header = line;
            }
            out.append(sign).append(' ').append(line).append('\n');
        }
        return out.toString();
    }
}
