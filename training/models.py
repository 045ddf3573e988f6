"""The training app's models, one module per area (courses, enrolment, records,
reallocation); Django loads them from here."""

from training.courses.models import (
    Batch,
    BatchSession,
    CompetencyUnit,
    Instructor,
    InstructorBooking,
    InstructorCertification,
    Provider,
    TrainingPackage,
    Workshop,
)
from training.enrolment.models import Enrolment
from training.reallocation.models import ReallocationProposal
from training.records.models import Attendance, ImportedTraining, TrainingJob

__all__ = [
    "Attendance",
    "Batch",
    "BatchSession",
    "CompetencyUnit",
    "Enrolment",
    "ImportedTraining",
    "Instructor",
    "InstructorBooking",
    "InstructorCertification",
    "Provider",
    "ReallocationProposal",
    "TrainingJob",
    "TrainingPackage",
    "Workshop",
]
