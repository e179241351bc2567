"""The suppression list: addresses the outbox no longer writes to, after a permanent bounce, a
complaint or several soft bounces, each kept as a keyed hash; and the bounces and complaints
that put them there, recorded by one service whichever way they came in."""
