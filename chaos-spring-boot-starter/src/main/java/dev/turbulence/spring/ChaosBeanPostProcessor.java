package dev.turbulence.spring;

import dev.turbulence.CallSiteKind;
import dev.turbulence.ChaosEngine;
import dev.turbulence.Glob;
import java.lang.reflect.Modifier;
import java.security.CodeSource;
import java.util.EventListener;
import java.util.List;
import org.aopalliance.intercept.MethodInterceptor;
import org.springframework.aop.framework.Advised;
import org.springframework.aop.framework.ProxyFactory;
import org.springframework.aop.support.AopUtils;
import org.springframework.beans.factory.BeanFactory;
import org.springframework.beans.factory.BeanFactoryAware;
import org.springframework.beans.factory.FactoryBean;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.config.BeanDefinition;
import org.springframework.beans.factory.config.BeanFactoryPostProcessor;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.beans.factory.config.ConfigurableListableBeanFactory;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.annotation.AnnotatedElementUtils;
import org.springframework.stereotype.Repository;

/**
 * Wraps the beans the user selects: {@code @Repository} beans (unless {@code chaos.repositories.enabled} is
 * false) as call sites of kind {@code repository}, and beans named by {@code chaos.beans.include} (globs
 * over bean name or class name) as kind {@code bean}. Never wraps filters, listeners, post-processors,
 * factory beans, configuration classes, Spring Data repositories (they get chaos inside their own proxy) or
 * Turbulence's own beans; final classes are skipped with a log line. On an existing Spring AOP proxy the
 * chaos advice is added last, next to the target, so it sits inside any Resilience4j aspect.
 */
final class ChaosBeanPostProcessor implements BeanPostProcessor, BeanFactoryAware {

    private static final System.Logger LOG = System.getLogger(ChaosBeanPostProcessor.class.getName());
    private static final List<String> NEVER_WRAPPED = List.of(
            "jakarta.servlet.Filter",
            "org.springframework.web.server.WebFilter",
            "org.springframework.data.repository.Repository");

    private static final List<String> FRAMEWORK_PACKAGES = List.of("java.", "jakarta.", "org.springframework.");

    private final ObjectProvider<ChaosEngine> engine;
    private final ChaosProperties properties;
    private ConfigurableListableBeanFactory beanFactory;

    ChaosBeanPostProcessor(ObjectProvider<ChaosEngine> engine, ChaosProperties properties) {
        this.engine = engine;
        this.properties = properties;
    }

    @Override
    public void setBeanFactory(BeanFactory beanFactory) {
        this.beanFactory = (ConfigurableListableBeanFactory) beanFactory;
    }

    @Override
    public Object postProcessAfterInitialization(Object bean, String beanName) {
        Class<?> type = AopUtils.getTargetClass(bean);
        CallSiteKind kind =
                !isApplicationBean(beanName) || neverWrapped(bean, type) ? null : selectedKind(type, beanName);
        if (kind == null) {
            return bean;
        }
        if (Modifier.isFinal(type.getModifiers())) {
            LOG.log(
                    System.Logger.Level.INFO,
                    "Chaos skips bean '" + beanName + "': its class " + type.getName() + " is final");
            return bean;
        }
        MethodInterceptor advice = new ChaosMethodInterceptor(engine.getObject().methodChaos(kind, beanName, type));
        if (bean instanceof Advised advised && !advised.isFrozen()) {
            advised.addAdvice(advice);
            return bean;
        }
        ProxyFactory proxy = new ProxyFactory(bean);
        proxy.setProxyTargetClass(true);
        proxy.addAdvice(advice);
        return proxy.getProxy(type.getClassLoader());
    }

    private CallSiteKind selectedKind(Class<?> type, String beanName) {
        ChaosProperties.Beans beans = properties.beans();
        if (matchesAny(beans.exclude(), type, beanName)) {
            return null;
        }
        if (properties.repositories().enabled() && AnnotatedElementUtils.hasAnnotation(type, Repository.class)) {
            return CallSiteKind.REPOSITORY;
        }
        return matchesAny(beans.include(), type, beanName) ? CallSiteKind.BEAN : null;
    }

    private static boolean matchesAny(List<String> globs, Class<?> type, String beanName) {
        return globs.stream()
                .map(Glob::of)
                .anyMatch(glob ->
                        glob.matches(beanName) || glob.matches(type.getName()) || glob.matches(type.getSimpleName()));
    }

    /** Only the application's own beans: framework infrastructure is never wrapped. */
    private boolean isApplicationBean(String beanName) {
        return beanFactory.containsBeanDefinition(beanName)
                && beanFactory.getBeanDefinition(beanName).getRole() == BeanDefinition.ROLE_APPLICATION;
    }

    private static boolean neverWrapped(Object bean, Class<?> type) {
        return bean instanceof BeanPostProcessor
                || bean instanceof BeanFactoryPostProcessor
                || bean instanceof FactoryBean<?>
                || bean instanceof EventListener
                || isTurbulence(type)
                || FRAMEWORK_PACKAGES.stream().anyMatch(type.getName()::startsWith)
                || AnnotatedElementUtils.hasAnnotation(type, Configuration.class)
                || NEVER_WRAPPED.stream().anyMatch(name -> implementsType(type, name));
    }

    /** Whether {@code type} comes from Turbulence's own jars (not merely from a package of the same name). */
    private static boolean isTurbulence(Class<?> type) {
        Object location = codeLocation(type);
        return location != null
                && (location.equals(codeLocation(ChaosEngine.class))
                        || location.equals(codeLocation(ChaosBeanPostProcessor.class)));
    }

    private static Object codeLocation(Class<?> type) {
        CodeSource source = type.getProtectionDomain().getCodeSource();
        return source != null ? source.getLocation() : null;
    }

    private static boolean implementsType(Class<?> type, String name) {
        for (Class<?> current = type; current != null; current = current.getSuperclass()) {
            if (current.getName().equals(name)) {
                return true;
            }
            for (Class<?> implemented : current.getInterfaces()) {
                if (implementsType(implemented, name)) {
                    return true;
                }
            }
        }
        return false;
    }
}
