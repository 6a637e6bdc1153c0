package dev.turbulence.spring;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.turbulence.ChaosEngine;
import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import org.junit.jupiter.api.Test;
import org.springframework.aop.support.AopUtils;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.stereotype.Repository;

class BeanWrappingTest {

    private final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(ChaosAutoConfiguration.class))
            .withUserConfiguration(Beans.class)
            .withPropertyValues("chaos.enabled=true");

    @Test
    void repositoryBeansGetFaultsAsRepositoryCallSites() {
        runner.withPropertyValues(
                        "chaos.assaults.db-down.target.kind=repository",
                        "chaos.assaults.db-down.target.name=stockRepository",
                        "chaos.assaults.db-down.target.attributes.method=count*",
                        "chaos.assaults.db-down.fault.type=exception",
                        "chaos.assaults.db-down.fault.class=java.lang.IllegalStateException",
                        "chaos.assaults.db-down.fault.message=database unreachable")
                .run(context -> {
                    StockRepository stock = context.getBean(StockRepository.class);
                    assertThatThrownBy(() -> stock.countItems("apple"))
                            .isExactlyInstanceOf(IllegalStateException.class)
                            .hasMessage("database unreachable");
                    assertThat(stock.name("apple")).as("not a count* method").isEqualTo("apple");
                });
    }

    @Test
    void aRepositoryMethodAnswersTheValueAReturnedValueFaultGivesFromProperties() {
        runner.withPropertyValues(
                        "chaos.assaults.no-stock.target.kind=repository",
                        "chaos.assaults.no-stock.target.attributes.method=count*",
                        "chaos.assaults.no-stock.fault.type=returned-value",
                        "chaos.assaults.no-stock.fault.value=0")
                .run(context -> assertThat(
                                context.getBean(StockRepository.class).countItems("apple"))
                        .isZero());
    }

    @Test
    void passesCallsThroughUntouchedWhenNoAssaultMatches() {
        runner.run(context -> assertThat(context.getBean(StockRepository.class).countItems("apple"))
                .isEqualTo(5));
    }

    @Test
    void wrapsIncludedBeansAsBeanCallSitesAndRespectsExcludes() {
        runner.withPropertyValues(
                        "chaos.beans.include=pricing*,Audit*",
                        "chaos.beans.exclude=pricingCache",
                        "chaos.assaults.all-beans.target.kind=bean",
                        "chaos.assaults.all-beans.fault.type=connection-reset")
                .run(context -> {
                    assertThatThrownBy(() -> context.getBean("pricingService", PricingService.class)
                                    .price("apple"))
                            .hasRootCauseMessage("Connection reset");
                    assertThat(context.getBean("pricingCache", PricingService.class)
                                    .price("apple"))
                            .isEqualTo(3);
                    assertThat(AopUtils.isAopProxy(context.getBean("pricingCache")))
                            .isFalse();
                    assertThat(AopUtils.isAopProxy(context.getBean(StockRepository.class)))
                            .isTrue();
                });
    }

    @Test
    void neverWrapsFiltersFinalClassesOrConfigurationEvenWhenIncluded() {
        runner.withPropertyValues("chaos.beans.include=**", "chaos.assaults.all.fault.type=connection-reset")
                .run(context -> {
                    assertThat(context).hasNotFailed();
                    assertThat(AopUtils.isAopProxy(context.getBean("auditFilter")))
                            .isFalse();
                    assertThat(context.getBean(FinalClock.class).now()).isEqualTo(42);
                    assertThat(AopUtils.isAopProxy(context.getBean(Beans.class)))
                            .isFalse();
                    assertThat(AopUtils.isAopProxy(context.getBean(ChaosEngine.class)))
                            .isFalse();
                });
    }

    @Test
    void wrapsNothingWhenRepositoriesAreSwitchedOff() {
        runner.withPropertyValues("chaos.repositories.enabled=false")
                .run(context -> assertThat(AopUtils.isAopProxy(context.getBean(StockRepository.class)))
                        .isFalse());
    }

    @Configuration(proxyBeanMethods = false)
    static class Beans {
        @Bean
        StockRepository stockRepository() {
            return new StockRepository();
        }

        @Bean
        PricingService pricingService() {
            return new PricingService();
        }

        @Bean
        PricingService pricingCache() {
            return new PricingService();
        }

        @Bean
        Filter auditFilter() {
            return new AuditFilter();
        }

        @Bean
        FinalClock finalClock() {
            return new FinalClock();
        }
    }

    @Repository
    static class StockRepository {
        public int countItems(String sku) {
            return 5;
        }

        public String name(String sku) {
            return sku;
        }
    }

    static class PricingService {
        public int price(String sku) {
            return 3;
        }
    }

    static class AuditFilter implements Filter {
        @Override
        public void doFilter(ServletRequest request, ServletResponse response, FilterChain chain) {}
    }

    static final class FinalClock {
        public int now() {
            return 42;
        }
    }
}
