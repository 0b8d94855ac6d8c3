#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
# Starts one real Debian 12 daemon on a test case's files, the way Debian starts it,
# and says whether it came up:
#
#   launch.sh DAEMON TREE STATE [MARIADB_DATADIR]
#
# DAEMON is sshd, postfix, apache2, slapd, nrpe or mariadb; TREE holds the case's etc/;
# STATE is an empty directory of the caller's (the daemon's state, logs and pid files
# end up there or in a private /run). Run it inside the case's network namespace (ip
# netns exec): it makes its own mount and UTS namespaces first, so the case's files
# appear at /etc, /run is empty and the hostname is the case's, for the daemon only.
# The host's /etc, /var, /run, hostname and daemons are never touched.
#
# Prints one line and exits, leaving a started daemon running (the caller reads its
# sockets, then kills every process of the network namespace):
#   ready PID   the daemon is up (its pid file or its "ready" message is there)
#   idle        its start command succeeded and said it starts nothing on purpose
#               (slapd's init script with SLAPD_NO_START): it listens on nothing
#   exited N    it stopped, or its start command failed, with status N; its own
#               messages are in STATE/daemon.log
#   timeout     neither within 60 s: a harness error
#   error TEXT  the namespace could not be set up: a harness error
set -eu

daemon=$1 tree=$2 state=$3 datadir=${4:-}

# A missing daemon is a failure, not a skip: tools/install-deps --test installs them.
case $daemon in
  sshd) program=/usr/sbin/sshd package=openssh-server ;;
  postfix) program=/usr/sbin/postfix package=postfix ;;
  apache2) program=/usr/sbin/apache2ctl package=apache2 ;;
  slapd) program=/usr/sbin/slapd package=slapd ;;
  nrpe) program=/usr/sbin/nrpe package=nagios-nrpe-server ;;
  mariadb) program=/usr/sbin/mariadbd package=mariadb-server ;;
  *) program="" package="" ;;
esac
if [ -n "$program" ] && [ ! -x "$program" ]; then
  echo "error $program is missing: install $package (tools/install-deps --test)"
  exit 0
fi

if [ -z "${VS_LAUNCH_PRIVATE:-}" ]; then
  VS_LAUNCH_PRIVATE=1 exec unshare --mount --uts --propagation private /bin/sh "$0" "$@"
fi

fail() {
  echo "error $*"
  exit 0
}

# A writable /etc for this namespace only: writes land in STATE/etc-upper.
mkdir -p "$state/etc-upper" "$state/etc-work"
mount -t overlay overlay \
  -o "lowerdir=/etc,upperdir=$state/etc-upper,workdir=$state/etc-work" /etc ||
  fail "cannot overlay /etc (overlayfs)"
# No pid file, socket or systemd marker of the host's: an empty /run (/var/run and
# /var/lock point into it on Debian).
mount -t tmpfs -o mode=755 tmpfs /run || fail "cannot mount a tmpfs on /run"
mkdir -p /run/lock
chmod 1777 /run/lock
hostname "$(cat "$tree/etc/hostname")"
# A /dev/log of our own (through a writable /dev for this namespace), so that what a
# daemon only says to syslog reaches STATE/daemon.log. /dev/shm is private too.
mkdir -p "$state/dev-upper" "$state/dev-work"
mount -t overlay overlay \
  -o "lowerdir=/dev,upperdir=$state/dev-upper,workdir=$state/dev-work" /dev ||
  fail "cannot overlay /dev (overlayfs)"
mount -t tmpfs -o mode=1777 tmpfs /dev/shm
rm -f /dev/log
log=$state/daemon.log
: >"$log"
# Debian's python3 (python3 in PATH may be a slow wrapper such as pyenv's).
python=/usr/bin/python3
[ -x "$python" ] || python=python3
"$python" "$(dirname "$0")/syslog_sink.py" /dev/log "$log" </dev/null >/dev/null 2>&1 &
steps=0
until [ -S /dev/log ]; do
  [ "$steps" -lt 200 ] || fail "the syslog sink did not start"
  sleep 0.05
  steps=$((steps + 1))
done

# A private, empty, writable copy of a directory the daemon writes to.
private_dir() { # PATH OWNER
  mkdir -p "$state/private$1"
  [ -d "$1" ] || fail "$1 does not exist on this machine (is the package installed?)"
  mount --bind "$state/private$1" "$1"
  chown "$2" "$1"
}

# The daemon's configuration is exactly the case's: remove what the host has there,
# then lay the case's etc/ over /etc (files the case does not give, such as
# /etc/passwd or /etc/alternatives/awk, stay the host's).
forget() {
  for p in "$@"; do
    rm -rf "/etc/$p"
  done
}
case $daemon in
  sshd) forget ssh/sshd_config ssh/sshd_config.d ;;
  postfix) forget postfix/main.cf postfix/master.cf ;;
  apache2) forget apache2 ;;
  slapd) forget default/slapd ;;
  nrpe) forget nagios/nrpe.cfg nagios/nrpe_local.cfg nagios/nrpe.d ;;
  mariadb) forget mysql my.cnf ;;
  *) fail "unknown daemon '$daemon'" ;;
esac
cp -a "$tree/etc/." /etc/

pidfile=""
ready_message=""
idle_message=""
daemon_pid=""
start_pid=""
no_daemon=timeout

# A daemon that stays in the foreground: its exit is the refusal.
foreground() {
  "$@" >>"$log" 2>&1 &
  daemon_pid=$!
}
# A start command that puts the daemon in the background and says whether it could.
background() {
  "$@" >>"$log" 2>&1 &
  start_pid=$!
}

case $daemon in
  sshd)
    # sshd will not start without a host key; one of the case's own changes nothing
    # that binds. Debian's unit: sshd -D.
    ssh-keygen -q -t ed25519 -N '' -f "$state/ssh_host_ed25519_key" >>"$log" 2>&1
    mkdir -p -m 755 /run/sshd
    pidfile=/run/sshd.pid
    foreground /usr/sbin/sshd -D -e -f /etc/ssh/sshd_config -h "$state/ssh_host_ed25519_key"
    ;;
  postfix)
    private_dir /var/spool/postfix root
    private_dir /var/lib/postfix postfix
    pidfile=/var/spool/postfix/pid/master.pid
    background /usr/sbin/postfix start
    ;;
  apache2)
    private_dir /var/log/apache2 root:adm
    pidfile=/run/apache2/apache2.pid
    # Debian's unit runs "apachectl start"; the variable keeps apachectl from handing
    # the start over to systemctl when PID 1 is systemd.
    APACHE_STARTED_BY_SYSTEMD=true background /usr/sbin/apache2ctl start
    ;;
  slapd)
    # The init script is what reads /etc/default/slapd. The directory's database is
    # the host's, copied: slapd writes to it.
    mkdir -p "$state/private/var/lib"
    cp -a /var/lib/ldap "$state/private/var/lib/ldap"
    mount --bind "$state/private/var/lib/ldap" /var/lib/ldap
    pidfile=/run/slapd/slapd.pid
    # Disabled (SLAPD_NO_START, or SLAPD_SENTINEL_FILE exists), the script says so and
    # exits 0: no refusal, nothing runs.
    idle_message="Not starting slapd"
    SYSTEMCTL_SKIP_REDIRECT=1 background /etc/init.d/slapd start
    ;;
  nrpe)
    mkdir -p /run/nagios
    chown nagios:nagios /run/nagios
    # nrpe writes its pid file before it binds; this line comes after the last bind.
    ready_message="Listening for connections on port"
    foreground /usr/sbin/nrpe -c /etc/nagios/nrpe.cfg -f
    ;;
  mariadb)
    [ -d "$datadir" ] || fail "no initialised MariaDB data directory given"
    private_dir /var/lib/mysql mysql:mysql
    cp -a "$datadir/." /var/lib/mysql/
    mkdir -p /run/mysqld
    chown mysql:root /run/mysqld
    # The server's own "ready" line: the pid file's place depends on the case's
    # configuration (pid-file, or the data directory and the host name).
    ready_message="ready for connections"
    # Debian's unit runs it as mysql (User=mysql), with that user's home, /nonexistent:
    # no ~/.my.cnf, the case's files are the whole configuration.
    HOME=/nonexistent foreground setpriv --reuid=mysql --regid=mysql --init-groups \
      /usr/sbin/mariadbd
    ;;
esac

alive() {
  [ -n "$1" ] && kill -0 "$1" 2>/dev/null
}
pid_in_file_alive() {
  [ -s "$pidfile" ] && alive "$(tr -dc 0-9 <"$pidfile")"
}

# Ready once the pid file names a live process and the start command, if any, has
# said that it started the daemon: Postfix's master writes its pid file before it reads
# master.cf, and "postfix start" waits for the rest. Bounded: 1200 steps of 50 ms; 200
# once a start command succeeded (the init script exits 0 without starting slapd when
# SLAPD_NO_START is set).
steps=0
limit=1200
while [ "$steps" -lt "$limit" ]; do
  if [ -n "$ready_message" ]; then
    if grep -q "$ready_message" "$log"; then
      echo "ready $daemon_pid"
      exit 0
    fi
  elif [ -n "$pidfile" ] && [ -z "$start_pid" ] && pid_in_file_alive; then
    echo "ready $(tr -dc 0-9 <"$pidfile")"
    exit 0
  fi
  if [ -n "$daemon_pid" ] && ! alive "$daemon_pid"; then
    status=0
    wait "$daemon_pid" || status=$?
    echo "exited $status"
    exit 0
  fi
  if [ -n "$start_pid" ] && ! alive "$start_pid"; then
    status=0
    wait "$start_pid" || status=$?
    start_pid=""
    if [ "$status" -ne 0 ]; then
      echo "exited $status"
      exit 0
    fi
    if [ -n "$idle_message" ] && grep -q "$idle_message" "$log"; then
      echo "idle"
      exit 0
    fi
    steps=0
    limit=200
    no_daemon="exited 0"
  fi
  sleep 0.05
  steps=$((steps + 1))
done
echo "$no_daemon"
