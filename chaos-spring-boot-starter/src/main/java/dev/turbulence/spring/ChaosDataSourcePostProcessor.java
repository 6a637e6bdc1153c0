package dev.turbulence.spring;

import dev.turbulence.ChaosEngine;
import dev.turbulence.jdbc.ChaosDataSource;
import javax.sql.DataSource;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.config.BeanPostProcessor;

/**
 * Wraps {@link DataSource} beans (with {@code chaos.datasource.enabled=true}) in the JDBC decorator: call
 * sites of kind {@code jdbc} named after the bean. The wrapper answers {@code unwrap} and
 * {@code isWrapperFor} for the pool beneath it, so pool metrics and health keep working.
 */
final class ChaosDataSourcePostProcessor implements BeanPostProcessor {

    private final ObjectProvider<ChaosEngine> engine;

    ChaosDataSourcePostProcessor(ObjectProvider<ChaosEngine> engine) {
        this.engine = engine;
    }

    @Override
    public Object postProcessAfterInitialization(Object bean, String beanName) {
        if (bean instanceof DataSource dataSource && !(bean instanceof ChaosDataSource)) {
            return ChaosDataSource.decorate(engine.getObject(), beanName, dataSource);
        }
        return bean;
    }
}
