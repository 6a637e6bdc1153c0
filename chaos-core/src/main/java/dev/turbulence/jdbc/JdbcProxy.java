package dev.turbulence.jdbc;

import dev.turbulence.Injection;
import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.ResultSet;
import java.sql.Statement;

/**
 * Wraps a connection and everything reached from it — statements, result sets, metadata — so that faults
 * apply before {@code commit} and each {@code execute…} (or, from an after-call assault, once it returned), and
 * so that {@code getConnection} and {@code getStatement} lead back to the wrappers, as they lead to the objects the
 * caller holds.
 */
final class JdbcProxy implements InvocationHandler {

    private final JdbcFaults faults;
    private final Class<?> type;
    private final Object target;
    private final Connection connection;
    private final Statement statement;
    private final String sql;

    private JdbcProxy(
            JdbcFaults faults, Class<?> type, Object target, Connection connection, Statement statement, String sql) {
        this.faults = faults;
        this.type = type;
        this.target = target;
        this.connection = connection;
        this.statement = statement;
        this.sql = sql;
    }

    static Connection connection(JdbcFaults faults, Connection target) {
        return wrap(Connection.class, new JdbcProxy(faults, Connection.class, target, null, null, null));
    }

    @Override
    public Object invoke(Object proxy, Method method, Object[] args) throws Throwable {
        if (method.getDeclaringClass() == Object.class) {
            return objectMethod(method, args);
        }
        String name = method.getName();
        Injection injection = null;
        if (type == Connection.class && name.equals("commit")) {
            injection = faults.beforeCommit();
        } else if (target instanceof Statement real && name.startsWith("execute")) {
            injection = faults.beforeExecute(name, args != null && args[0] instanceof String given ? given : sql, real);
        }
        Object result;
        try {
            result = method.invoke(target, args);
        } catch (InvocationTargetException thrown) {
            throw thrown.getCause();
        }
        JdbcFaults.afterCall(injection);
        return result == null ? null : wrapResult(proxy, method, args, result);
    }

    private Object wrapResult(Object proxy, Method method, Object[] args, Object result) {
        Class<?> returned = method.getReturnType();
        Connection owner = connection != null ? connection : (Connection) proxy;
        if (returned == Connection.class) {
            return owner;
        }
        if (Statement.class.isAssignableFrom(returned)) {
            if (statement != null) {
                return statement;
            }
            String text = args != null && args[0] instanceof String given ? given : null;
            return wrap(returned, new JdbcProxy(faults, returned, result, owner, null, text));
        }
        if (returned == ResultSet.class) {
            Statement producer = proxy instanceof Statement own ? own : statement;
            return wrap(ResultSet.class, new JdbcProxy(faults, ResultSet.class, result, owner, producer, null));
        }
        if (returned == DatabaseMetaData.class) {
            return wrap(
                    DatabaseMetaData.class, new JdbcProxy(faults, DatabaseMetaData.class, result, owner, null, null));
        }
        return result;
    }

    private Object objectMethod(Method method, Object[] args) throws Throwable {
        return switch (method.getName()) {
            case "equals" -> target.equals(unwrapped(args[0]));
            case "hashCode" -> target.hashCode();
            default -> target.toString();
        };
    }

    private static Object unwrapped(Object other) {
        if (other != null
                && Proxy.isProxyClass(other.getClass())
                && Proxy.getInvocationHandler(other) instanceof JdbcProxy wrapper) {
            return wrapper.target;
        }
        return other;
    }

    private static <T> T wrap(Class<T> type, JdbcProxy handler) {
        return type.cast(Proxy.newProxyInstance(JdbcProxy.class.getClassLoader(), new Class<?>[] {type}, handler));
    }
}
