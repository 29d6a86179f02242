package dev.dbops.sdk.plan;

import com.fasterxml.jackson.core.JsonFactory;

/**
 * The YAML reader, from the optional jackson-dataformat-yaml. Kept in its own class, loaded only
 * when a .yaml file is read, so that the SDK works without the module for JSON files.
 */
final class YamlSupport {

    static final String FACTORY = "com.fasterxml.jackson.dataformat.yaml.YAMLFactory";

    private YamlSupport() {
    }

    static JsonFactory factory(String source) {
        return factory(source, FACTORY);
    }

    /** The class to look for is a parameter so that a test can see the message a missing module gives. */
    static JsonFactory factory(String source, String factoryClass) {
        if (!available(factoryClass)) {
            throw new StateFileException(source, 0, null, "is YAML, and reading YAML needs "
                    + "com.fasterxml.jackson.dataformat:jackson-dataformat-yaml:"
                    + com.fasterxml.jackson.databind.cfg.PackageVersion.VERSION
                    + " on the classpath (an optional dependency of dbops-sdk): add it, or write the file as .json", null);
        }
        return Factory.create();
    }

    static boolean available(String className) {
        try {
            Class.forName(className, false, YamlSupport.class.getClassLoader());
            return true;
        } catch (ClassNotFoundException | LinkageError e) {
            return false;
        }
    }

    /** Separate so that the YAML classes are resolved only after the check above. */
    private static final class Factory {
        static JsonFactory create() {
            return new com.fasterxml.jackson.dataformat.yaml.YAMLFactory();
        }
    }
}
