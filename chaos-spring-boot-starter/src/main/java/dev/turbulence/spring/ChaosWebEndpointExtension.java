package dev.turbulence.spring;

import java.util.function.Supplier;
import org.springframework.boot.actuate.endpoint.SecurityContext;
import org.springframework.boot.actuate.endpoint.annotation.DeleteOperation;
import org.springframework.boot.actuate.endpoint.annotation.ReadOperation;
import org.springframework.boot.actuate.endpoint.annotation.Selector;
import org.springframework.boot.actuate.endpoint.annotation.WriteOperation;
import org.springframework.boot.actuate.endpoint.web.WebEndpointResponse;
import org.springframework.boot.actuate.endpoint.web.annotation.EndpointWebExtension;
import org.springframework.lang.Nullable;

/**
 * The {@code chaos} endpoint over the web: what {@link ChaosEndpoint} refuses is answered with the refusal's status
 * and body ({@code { "errors": [ … ] }}), a started experiment with 202, and the last report of an experiment is also
 * served as its HTML page. Every operation is the endpoint's own; only its answer takes the web's shape.
 */
@EndpointWebExtension(endpoint = ChaosEndpoint.class)
public class ChaosWebEndpointExtension {

    private static final String EXPERIMENTS = "experiments";

    private final ChaosEndpoint endpoint;

    public ChaosWebEndpointExtension(ChaosEndpoint endpoint) {
        this.endpoint = endpoint;
    }

    /** Switches chaos on or off: 200 with the state, or 409 with the production guard's reason. */
    @WriteOperation
    public WebEndpointResponse<Object> enabled(boolean enabled, @Nullable SecurityContext security) {
        return answer(() -> endpoint.enabled(enabled, security), WebEndpointResponse.STATUS_OK);
    }

    /** Every assault, or every declared experiment and game day; 404 for another section. */
    @ReadOperation
    public WebEndpointResponse<Object> section(@Selector String section) {
        return answer(() -> endpoint.section(section), WebEndpointResponse.STATUS_OK);
    }

    /** An assault with its state, or the last report of an experiment or game day as JSON; 404 when there is none. */
    @ReadOperation
    public WebEndpointResponse<Object> item(@Selector String section, @Selector String name) {
        return answer(() -> endpoint.item(section, name), WebEndpointResponse.STATUS_OK);
    }

    /** The last report of an experiment as its HTML page: {@code GET /actuator/chaos/experiments/{name}/html}. */
    @ReadOperation(produces = "text/html")
    public WebEndpointResponse<String> html(@Selector String section, @Selector String name, @Selector String format) {
        if (!EXPERIMENTS.equals(section) || !"html".equals(format)) {
            return new WebEndpointResponse<>(WebEndpointResponse.STATUS_NOT_FOUND);
        }
        return endpoint.reportHtml(name)
                .map(WebEndpointResponse::new)
                .orElseGet(() -> new WebEndpointResponse<>(WebEndpointResponse.STATUS_NOT_FOUND));
    }

    /**
     * {@code POST assaults/{name}}, the request body being the assault JSON ({@link ChaosRequestBodyFilter} hands it
     * on as {@code definition}): 200 with the stored assault, or 400 with every problem and nothing changed.
     * {@code POST experiments/{name}}: 202 with the run id, 409 while another runs or the production guard holds,
     * 400 with the reason when it names what does not exist here, 404 for an unknown name.
     */
    @WriteOperation
    public WebEndpointResponse<Object> write(
            @Selector String section,
            @Selector String name,
            @Nullable String definition,
            @Nullable SecurityContext security) {
        return answer(
                () -> endpoint.write(section, name, definition, security),
                EXPERIMENTS.equals(section) ? 202 : WebEndpointResponse.STATUS_OK);
    }

    /** Deletes an assault: 200 with the state, also when there was none; 409 when another flag source defines it. */
    @DeleteOperation
    public WebEndpointResponse<Object> delete(
            @Selector String section, @Selector String name, @Nullable SecurityContext security) {
        return answer(() -> endpoint.delete(section, name, security), WebEndpointResponse.STATUS_OK);
    }

    private static WebEndpointResponse<Object> answer(Supplier<Object> operation, int status) {
        try {
            return new WebEndpointResponse<>(operation.get(), status);
        } catch (ChaosEndpoint.Refused refused) {
            return new WebEndpointResponse<>(refused.body(), refused.status());
        }
    }
}
