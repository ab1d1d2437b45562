//! What the usual ports carry: the `via` of a connection, or noise (administration, name and
//! directory services, monitoring) that says nothing about how apps depend on each other.

use crate::import::map::PortUse;

/// The built-in use of a port and its usual name, when waveplan knows it.
pub fn known(port: u16) -> Option<(PortUse, &'static str)> {
    use PortUse::*;
    Some(match port {
        1433 => (Database, "SQL Server"),
        1434 => (Database, "SQL Server browser"),
        3306 => (Database, "MySQL"),
        5432 => (Database, "PostgreSQL"),
        1521 | 1522 => (Database, "Oracle"),
        27017 | 27018 => (Database, "MongoDB"),
        50000 => (Database, "Db2"),
        9042 => (Database, "Cassandra"),
        6379 => (Database, "Redis"),
        11211 => (Database, "Memcached"),
        5672 | 5671 => (Queue, "AMQP"),
        9092 | 9093 => (Queue, "Kafka"),
        1414 => (Queue, "IBM MQ"),
        61616 => (Queue, "ActiveMQ"),
        1883 | 8883 => (Queue, "MQTT"),
        4222 => (Queue, "NATS"),
        445 | 139 => (File, "SMB"),
        2049 | 111 => (File, "NFS"),
        21 | 990 => (File, "FTP"),
        80 | 8080 | 8000 | 8008 | 8081 | 3000 | 5000 => (Http, "HTTP"),
        443 | 8443 | 9443 => (Http, "HTTPS"),
        9200 => (Http, "Elasticsearch"),
        50051 => (Grpc, "gRPC"),
        1099 => (Rpc, "Java RMI"),
        2809 | 3700 => (Rpc, "IIOP"),
        7001 | 7002 => (Rpc, "WebLogic T3"),
        3389 => (Noise, "RDP"),
        22 => (Noise, "SSH"),
        23 => (Noise, "Telnet"),
        53 => (Noise, "DNS"),
        67 | 68 => (Noise, "DHCP"),
        88 | 464 => (Noise, "Kerberos"),
        123 => (Noise, "NTP"),
        135 => (Noise, "RPC endpoint mapper"),
        137 | 138 => (Noise, "NetBIOS"),
        161 | 162 => (Noise, "SNMP"),
        389 | 636 | 3268 | 3269 => (Noise, "LDAP"),
        514 => (Noise, "syslog"),
        5985 | 5986 => (Noise, "WinRM"),
        5666 => (Noise, "NRPE monitoring"),
        10050 | 10051 => (Noise, "Zabbix monitoring"),
        9100 | 9182 => (Noise, "Prometheus exporter"),
        1270 | 5723 => (Noise, "SCOM monitoring"),
        9997 | 8089 => (Noise, "Splunk"),
        _ => return None,
    })
}
