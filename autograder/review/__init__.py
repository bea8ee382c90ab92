"""Stage 4, review: status, manual grading of written answers, and students' feedback pages."""
