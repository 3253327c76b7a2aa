"""Thresholds and measured error rates of the editing indicators.

Written by benchmarks/splices.py; do not edit by hand. Regenerate with:

    python benchmarks/splices.py --data ../shared/data/audio --write-calibration
"""

from typing import Any

CALIBRATION: dict[str, Any] = (
    {'command': 'python benchmarks/splices.py --data ../shared/data/audio --write-calibration',
     'indicators': {'enf_presence': {'threshold': 13.209,
                                     'false_alarm_rate': 0.25,
                                     'detection_rate': 1.0,
                                     'measured_on': '24 evaluation recordings without added hum (false alarms; '
                                                    'some LibriSpeech recordings carry real hum) and 24 with hum '
                                                    '30-45 dB below the speech'},
                    'enf_discontinuity': {'threshold': 2.6757,
                                          'false_alarm_rate': 0.2083,
                                          'detection_rate': 0.4697,
                                          'measured_on': '48 unedited evaluation recordings of 8 speakers not used '
                                                         'for tuning (LibriSpeech, LJSpeech; WAV and MP3; as '
                                                         'recorded, 30 and 20 dB SNR); detection over 132 edited '
                                                         'ones (cut_hard, cut_crossfade, silence_zero, '
                                                         'silence_noise, splice_other, mp3_join), recordings with '
                                                         'mains hum only'},
                    'sample_discontinuity': {'threshold': 35.3816,
                                             'false_alarm_rate': 0.0417,
                                             'detection_rate': 0.0625,
                                             'measured_on': '48 unedited evaluation recordings of 8 speakers not '
                                                            'used for tuning (LibriSpeech, LJSpeech; WAV and MP3; '
                                                            'as recorded, 30 and 20 dB SNR); detection over 144 '
                                                            'edited ones (cut_hard, silence_zero, splice_other)'},
                    'digital_silence': {'threshold': 0.01,
                                        'false_alarm_rate': 0.0,
                                        'detection_rate': 1.0,
                                        'measured_on': '48 unedited evaluation recordings of 8 speakers not used '
                                                       'for tuning (LibriSpeech, LJSpeech; WAV and MP3; as '
                                                       'recorded, 30 and 20 dB SNR); detection over 48 edited ones '
                                                       '(silence_zero)'},
                    'noise_floor_change': {'threshold': 16.2509,
                                           'false_alarm_rate': 0.0417,
                                           'detection_rate': 0.0521,
                                           'measured_on': '48 unedited evaluation recordings of 8 speakers not '
                                                          'used for tuning (LibriSpeech, LJSpeech; WAV and MP3; as '
                                                          'recorded, 30 and 20 dB SNR); detection over 96 edited '
                                                          'ones (splice_other, silence_noise)'},
                    'spectrum_change': {'threshold': 8.7503,
                                        'false_alarm_rate': 0.125,
                                        'detection_rate': 0.25,
                                        'measured_on': '48 unedited evaluation recordings of 8 speakers not used '
                                                       'for tuning (LibriSpeech, LJSpeech; WAV and MP3; as '
                                                       'recorded, 30 and 20 dB SNR); detection over 48 edited ones '
                                                       '(splice_other)'},
                    'mp3_frame_grid': {'threshold': 1.0,
                                       'false_alarm_rate': 0.0,
                                       'detection_rate': 1.0,
                                       'measured_on': '24 unedited evaluation recordings of 8 speakers not used '
                                                      'for tuning (LibriSpeech, LJSpeech; WAV and MP3; as '
                                                      'recorded, 30 and 20 dB SNR); detection over 24 edited ones '
                                                      '(mp3_join)'}}}
)
