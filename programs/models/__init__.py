from .catalog import CycleQuota, Program, ProgramCycle
from .quota import QuotaChange, ReallocationProposal
from .training import (
    Attendance,
    Batch,
    BatchSession,
    CompetencyUnit,
    Enrolment,
    Instructor,
    InstructorBooking,
    InstructorCertification,
    Provider,
    TrainingPackage,
    Workshop,
)

__all__ = [
    "Attendance",
    "Batch",
    "BatchSession",
    "CompetencyUnit",
    "CycleQuota",
    "Enrolment",
    "Instructor",
    "InstructorBooking",
    "InstructorCertification",
    "Program",
    "ProgramCycle",
    "Provider",
    "QuotaChange",
    "ReallocationProposal",
    "TrainingPackage",
    "Workshop",
]
