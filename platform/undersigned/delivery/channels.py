"""Deprecated since contract 1.1: contract 1.0 (stop 5's guide) imported the core's channels from
here, to subclass one (``class AlertingJointChannel(JointChannel)``); each now lives in its own
folder of :mod:`undersigned.delivery`, and the old names warn until contract 2.0."""
from undersigned.contract.deprecation import moved
from undersigned.delivery import joint
from undersigned.delivery.email import channel as email
from undersigned.delivery.self_submit import channel as self_submit

# the classes are not names of this module, so that reading one goes through __getattr__ and warns
__getattr__ = moved(__name__, {"EmailChannel": "undersigned.delivery.email.channel",
                               "JointChannel": "undersigned.delivery.joint",
                               "SelfSubmitChannel": "undersigned.delivery.self_submit.channel"},
                    EmailChannel=email.EmailChannel, JointChannel=joint.JointChannel,
                    SelfSubmitChannel=self_submit.SelfSubmitChannel)
