package dev.dbops.sdk.testkit;

import dev.dbops.sdk.model.MigrationStatus;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * What happened to one changeset on one instance, for {@link DbOpsStandIn#deploy(Deployment)}:
 * its new status, and what the migration state shows with it (the error text of a failed
 * deployment, the deployment's tag, pipeline and execution ids, when it happened).
 *
 * <pre>{@code
 * standIn.deploy(Deployment.of("my_db_schema", "my_db_instance", "add_customers_email", MigrationStatus.DEPLOYMENT_FAILED)
 *         .error("ERROR: column \"email\" contains null values")
 *         .pipeline("deploy_my_db_schema"));
 * }</pre>
 *
 * A builder: each setter changes this object and returns it. The stand-in copies what it needs
 * when it records the deployment.
 */
public final class Deployment {

    private final String schema;
    private final String instance;
    private final String changeSet;
    private final String status;
    private String error;
    private String tag;
    private String pipeline;
    private String planExecutionId;
    private String stageExecutionId;
    private Instant at;

    private Deployment(String schema, String instance, String changeSet, String status) {
        this.schema = Objects.requireNonNull(schema, "schema");
        this.instance = Objects.requireNonNull(instance, "instance");
        this.changeSet = Objects.requireNonNull(changeSet, "changeSet");
        this.status = Objects.requireNonNull(status, "status");
    }

    /**
     * The changeset {@code changeSet} of schema {@code schema} now has {@code status} on instance
     * {@code instance}. {@code NOT_DEPLOYED} forgets what the instance recorded for it, as if it
     * had never been deployed there.
     *
     * @param schema the schema's identifier, not null
     * @param instance the identifier of one of the schema's instances, not null
     * @param changeSet the id of a changeset registered with {@link DbOpsStandIn#changeSets}, not null
     * @param status the changeset's new status on the instance, not null
     * @return a deployment to refine with the setters and pass to {@link DbOpsStandIn#deploy(Deployment)}
     * @throws IllegalArgumentException for {@link MigrationStatus#UNKNOWN_DEFAULT_OPEN_API}, which the
     *     service never sends; use {@link #withStatus} for a status the SDK does not know
     */
    public static Deployment of(String schema, String instance, String changeSet, MigrationStatus status) {
        Objects.requireNonNull(status, "status");
        if (status == MigrationStatus.UNKNOWN_DEFAULT_OPEN_API) {
            throw new IllegalArgumentException("UNKNOWN_DEFAULT_OPEN_API is what the SDK reads for a status it does"
                    + " not know; to serve such a status, use Deployment.withStatus with its text");
        }
        return new Deployment(schema, instance, changeSet, status.getValue());
    }

    /**
     * As {@link #of}, with the status as the service writes it: lets a test serve a status the SDK
     * does not know yet (say {@code "Deployment_Queued"}), to check that code reading it copes.
     *
     * @param schema the schema's identifier, not null
     * @param instance the identifier of one of the schema's instances, not null
     * @param changeSet the id of a changeset registered with {@link DbOpsStandIn#changeSets}, not null
     * @param status the status exactly as the migration state shows it, such as
     *     {@code "Successfully_Deployed"}; not blank
     * @return a deployment to refine with the setters and pass to {@link DbOpsStandIn#deploy(Deployment)}
     * @throws IllegalArgumentException when {@code status} is blank
     */
    public static Deployment withStatus(String schema, String instance, String changeSet, String status) {
        Objects.requireNonNull(status, "status");
        if (status.isBlank()) {
            throw new IllegalArgumentException("A status must not be blank");
        }
        return new Deployment(schema, instance, changeSet, status);
    }

    /**
     * What the migration tool reported (for a failed deployment).
     *
     * @param error the error text the migration state shows, or null for none
     * @return this deployment
     */
    public Deployment error(String error) {
        this.error = error;
        return this;
    }

    /**
     * The tag of the deployment; a successful one also becomes the instance's last applied tag.
     *
     * @param tag the tag, such as {@code "v1.4"}, or null for none
     * @return this deployment
     */
    public Deployment tag(String tag) {
        this.tag = tag;
        return this;
    }

    /**
     * The identifier of the pipeline that deployed (or rolled back) the changeset.
     *
     * @param pipeline the pipeline's identifier, or null for none
     * @return this deployment
     */
    public Deployment pipeline(String pipeline) {
        this.pipeline = pipeline;
        return this;
    }

    /**
     * The pipeline execution.
     *
     * @param planExecutionId the id of the pipeline's execution that ran the deployment, or null for none
     * @return this deployment
     */
    public Deployment planExecutionId(String planExecutionId) {
        this.planExecutionId = planExecutionId;
        return this;
    }

    /**
     * The stage execution within it.
     *
     * @param stageExecutionId the id of the stage's execution within the pipeline execution, or null for none
     * @return this deployment
     */
    public Deployment stageExecutionId(String stageExecutionId) {
        this.stageExecutionId = stageExecutionId;
        return this;
    }

    /**
     * When it happened (the migration state's {@code updated}); the stand-in's clock now unless set.
     *
     * @param at the time of the deployment, not null; the service shows it in whole seconds
     * @return this deployment
     */
    public Deployment at(Instant at) {
        this.at = Objects.requireNonNull(at, "at");
        return this;
    }

    /**
     * The schema's identifier.
     *
     * @return the identifier given to {@link #of} or {@link #withStatus}
     */
    public String schema() {
        return schema;
    }

    /**
     * The instance's identifier.
     *
     * @return the identifier given to {@link #of} or {@link #withStatus}
     */
    public String instance() {
        return instance;
    }

    /**
     * The changeset's id.
     *
     * @return the id given to {@link #of} or {@link #withStatus}
     */
    public String changeSet() {
        return changeSet;
    }

    /**
     * The status, as the service writes it ({@code Successfully_Deployed}, ...).
     *
     * @return the status text, never blank
     */
    public String status() {
        return status;
    }

    /**
     * The error text, if set.
     *
     * @return the text set with {@link #error(String)}, or empty
     */
    public Optional<String> error() {
        return Optional.ofNullable(error);
    }

    /**
     * The tag, if set.
     *
     * @return the tag set with {@link #tag(String)}, or empty
     */
    public Optional<String> tag() {
        return Optional.ofNullable(tag);
    }

    /**
     * The pipeline, if set.
     *
     * @return the pipeline's identifier set with {@link #pipeline(String)}, or empty
     */
    public Optional<String> pipeline() {
        return Optional.ofNullable(pipeline);
    }

    /**
     * The pipeline execution, if set.
     *
     * @return the id set with {@link #planExecutionId(String)}, or empty
     */
    public Optional<String> planExecutionId() {
        return Optional.ofNullable(planExecutionId);
    }

    /**
     * The stage execution, if set.
     *
     * @return the id set with {@link #stageExecutionId(String)}, or empty
     */
    public Optional<String> stageExecutionId() {
        return Optional.ofNullable(stageExecutionId);
    }

    /**
     * When it happened, if set.
     *
     * @return the time set with {@link #at(Instant)}, or empty when the stand-in's clock decides
     */
    public Optional<Instant> at() {
        return Optional.ofNullable(at);
    }

    @Override
    public String toString() {
        return "Deployment{" + schema + "/" + instance + " " + changeSet + ": " + status + "}";
    }
}
