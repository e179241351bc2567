"""The ``joint`` channel: co-signers wait for an organizer's approval (``flask signatures
approve``), then appear on the one joint letter (``/c/<slug>/letter``), delivered as a whole in
versions (``flask signatures freeze``, ``letter-pdf``, ``deliver``)."""
from undersigned.delivery.joint.channel import JointChannel

__all__ = ["JointChannel"]
