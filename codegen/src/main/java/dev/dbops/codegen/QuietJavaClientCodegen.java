package dev.dbops.codegen;

import org.openapitools.codegen.languages.JavaClientCodegen;

/**
 * openapi-generator's {@code java} generator, generating exactly what it generates, minus the
 * donation banner that {@code DefaultCodegen.postProcess()} writes with {@code System.out} after
 * every run: there it lands above the first line of a program started with
 * {@code mvn -q ... exec:java}, and neither {@code -q} nor any generator option silences it.
 * Named by its class in the plugin's {@code generatorName}.
 */
public class QuietJavaClientCodegen extends JavaClientCodegen {

    /** Creates the generator, as the plugin does through its class name. */
    public QuietJavaClientCodegen() {
        super();
    }

    /** Prints nothing: the banner was all the inherited method did. */
    @Override
    public void postProcess() {
    }
}
