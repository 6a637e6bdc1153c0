package dev.turbulence.spring;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.turbulence.AssaultSchema;
import dev.turbulence.ChaosEngine;
import dev.turbulence.jdbc.ChaosDataSource;
import dev.turbulence.spring.catalog.CatalogApplication;
import dev.turbulence.spring.catalog.Product;
import dev.turbulence.spring.catalog.ProductRepository;
import java.sql.SQLTransientConnectionException;
import javax.sql.DataSource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;

/** Spring Data repositories and the DataSource of a real H2-backed application get chaos where they are. */
@SpringBootTest(
        classes = CatalogApplication.class,
        properties = {
            "chaos.enabled=true",
            "chaos.datasource.enabled=true",
            "spring.main.web-application-type=none",
            "spring.datasource.url=jdbc:h2:mem:catalog;DB_CLOSE_DELAY=-1",
            "spring.sql.init.mode=always"
        })
class RepositoryAndDataSourceTest {

    @Autowired
    ProductRepository products;

    @Autowired
    ChaosEngine engine;

    @Autowired
    DataSource dataSource;

    @AfterEach
    void clear() {
        engine.assaults().clear();
    }

    @Test
    void springDataRepositoriesGetFaultsInsideTheirProxy() {
        Product apple = products.save(new Product(null, "apple"));
        engine.define(AssaultSchema.fromYaml("""
                name: catalog-down
                target: { kind: repository, name: productRepository, attributes: { type: ProductRepository, method: find* } }
                fault: { type: exception, class: org.springframework.dao.DataAccessResourceFailureException, message: catalog down }
                """));

        assertThatThrownBy(() -> products.findById(apple.id()))
                .isExactlyInstanceOf(org.springframework.dao.DataAccessResourceFailureException.class)
                .hasMessage("catalog down");
        assertThat(products.count()).as("count is not a find* method").isEqualTo(products.count());
    }

    @Test
    void theDataSourceIsWrappedAndItsPresetsReachTheRepository() throws Exception {
        assertThat(dataSource).isInstanceOf(ChaosDataSource.class);
        assertThat(dataSource.isWrapperFor(com.zaxxer.hikari.HikariDataSource.class))
                .isTrue();
        products.save(new Product(null, "pear"));
        engine.define(AssaultSchema.fromYaml("""
                name: db-unreachable
                target: { kind: jdbc, name: dataSource, attributes: { operation: connect } }
                fault: { type: exception, preset: connection-failure }
                """));

        assertThatThrownBy(() -> products.findAll())
                .hasRootCauseInstanceOf(SQLTransientConnectionException.class)
                .rootCause()
                .satisfies(cause -> assertThat(((SQLTransientConnectionException) cause).getSQLState())
                        .isEqualTo("08001"));

        engine.assaults().clear();
        assertThat(products.findAll()).extracting(Product::name).contains("pear");
    }
}
