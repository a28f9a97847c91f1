import SmoothScheduleCore
print("smoothschedule")
